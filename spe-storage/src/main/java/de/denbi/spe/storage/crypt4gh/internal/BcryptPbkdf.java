package de.denbi.spe.storage.crypt4gh.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenBSD's {@code bcrypt_pbkdf} (the KDF of OpenSSH key files and of Crypt4GH key files with
 * the {@code bcrypt} KDF), on a Blowfish whose initial state (the hexadecimal digits of pi) is
 * computed once with Machin's formula instead of being tabulated.
 */
public final class BcryptPbkdf {
  private static final int WORDS = 18 + 4 * 256;
  private static final int[] PI_WORDS = piWords();
  private static final byte[] MAGIC =
      "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

  private final int[] p = new int[18];
  private final int[][] s = new int[4][256];
  private int j;

  private BcryptPbkdf() {}

  /**
   * Derives a key.
   *
   * @param password the password bytes
   * @param salt the salt
   * @param rounds rounds (at least 1)
   * @param keyLength bytes wanted
   * @return the key
   */
  public static byte[] derive(byte[] password, byte[] salt, int rounds, int keyLength) {
    if (rounds < 1 || keyLength < 1 || keyLength > 1024) {
      throw new IllegalArgumentException("bcrypt_pbkdf: bad rounds or key length");
    }
    MessageDigest sha512 = sha512();
    byte[] key = new byte[keyLength];
    int stride = (keyLength + 32 - 1) / 32;
    int amt = (keyLength + stride - 1) / stride;
    byte[] sha2pass = sha512.digest(password);
    int left = keyLength;
    for (int count = 1; left > 0; count++) {
      sha512.update(salt);
      sha512.update(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8),
          (byte) count});
      byte[] sha2salt = sha512.digest();
      byte[] tmp = hash(sha2pass, sha2salt);
      byte[] out = tmp.clone();
      for (int i = 1; i < rounds; i++) {
        sha2salt = sha512.digest(tmp);
        tmp = hash(sha2pass, sha2salt);
        for (int k = 0; k < out.length; k++) {
          out[k] ^= tmp[k];
        }
      }
      amt = Math.min(amt, left);
      int i;
      for (i = 0; i < amt; i++) {
        int dest = i * stride + (count - 1);
        if (dest >= keyLength) {
          break;
        }
        key[dest] = out[i];
      }
      left -= i;
    }
    Arrays.fill(sha2pass, (byte) 0);
    return key;
  }

  private static byte[] hash(byte[] sha2pass, byte[] sha2salt) {
    BcryptPbkdf b = new BcryptPbkdf();
    System.arraycopy(PI_WORDS, 0, b.p, 0, 18);
    for (int i = 0; i < 4; i++) {
      System.arraycopy(PI_WORDS, 18 + 256 * i, b.s[i], 0, 256);
    }
    b.expandState(sha2salt, sha2pass);
    for (int i = 0; i < 64; i++) {
      b.expand0State(sha2salt);
      b.expand0State(sha2pass);
    }
    int[] cdata = new int[8];
    b.j = 0;
    for (int i = 0; i < 8; i++) {
      cdata[i] = b.streamToWord(MAGIC);
    }
    int[] lr = new int[2];
    for (int i = 0; i < 64; i++) {
      for (int k = 0; k < 8; k += 2) {
        lr[0] = cdata[k];
        lr[1] = cdata[k + 1];
        b.encipher(lr);
        cdata[k] = lr[0];
        cdata[k + 1] = lr[1];
      }
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      out[4 * i + 3] = (byte) (cdata[i] >>> 24);
      out[4 * i + 2] = (byte) (cdata[i] >>> 16);
      out[4 * i + 1] = (byte) (cdata[i] >>> 8);
      out[4 * i] = (byte) cdata[i];
    }
    return out;
  }

  private int streamToWord(byte[] data) {
    int w = 0;
    for (int i = 0; i < 4; i++) {
      if (j >= data.length) {
        j = 0;
      }
      w = (w << 8) | (data[j] & 0xff);
      j++;
    }
    return w;
  }

  private int f(int x) {
    return ((s[0][x >>> 24] + s[1][(x >>> 16) & 0xff]) ^ s[2][(x >>> 8) & 0xff]) + s[3][x & 0xff];
  }

  private void encipher(int[] lr) {
    int xl = lr[0];
    int xr = lr[1];
    xl ^= p[0];
    for (int i = 1; i <= 16; i += 2) {
      xr ^= f(xl) ^ p[i];
      xl ^= f(xr) ^ p[i + 1];
    }
    lr[0] = xr ^ p[17];
    lr[1] = xl;
  }

  private void expandState(byte[] data, byte[] key) {
    j = 0;
    for (int i = 0; i < 18; i++) {
      p[i] ^= streamToWord(key);
    }
    j = 0;
    int[] lr = new int[2];
    for (int i = 0; i < 18; i += 2) {
      lr[0] ^= streamToWord(data);
      lr[1] ^= streamToWord(data);
      encipher(lr);
      p[i] = lr[0];
      p[i + 1] = lr[1];
    }
    for (int[] box : s) {
      for (int k = 0; k < 256; k += 2) {
        lr[0] ^= streamToWord(data);
        lr[1] ^= streamToWord(data);
        encipher(lr);
        box[k] = lr[0];
        box[k + 1] = lr[1];
      }
    }
  }

  private void expand0State(byte[] key) {
    j = 0;
    for (int i = 0; i < 18; i++) {
      p[i] ^= streamToWord(key);
    }
    int[] lr = new int[2];
    for (int i = 0; i < 18; i += 2) {
      encipher(lr);
      p[i] = lr[0];
      p[i + 1] = lr[1];
    }
    for (int[] box : s) {
      for (int k = 0; k < 256; k += 2) {
        encipher(lr);
        box[k] = lr[0];
        box[k + 1] = lr[1];
      }
    }
  }

  /** The first 1,042 32-bit words of the fractional part of pi (Blowfish's P-array and S-boxes). */
  static int[] piWords() {
    int bits = 32 * WORDS + 64;
    BigInteger one = BigInteger.ONE.shiftLeft(bits);
    BigInteger pi = atanInverse(5, one).shiftLeft(4).subtract(atanInverse(239, one).shiftLeft(2));
    BigInteger frac = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(64);
    int[] w = new int[WORDS];
    for (int i = 0; i < WORDS; i++) {
      w[i] = frac.shiftRight(32 * (WORDS - 1 - i)).intValue();
    }
    return w;
  }

  /** atan(1/x) in fixed point with the given one. */
  private static BigInteger atanInverse(int x, BigInteger one) {
    BigInteger x2 = BigInteger.valueOf((long) x * x);
    BigInteger term = one.divide(BigInteger.valueOf(x));
    BigInteger sum = term;
    for (int k = 1; term.signum() != 0; k++) {
      term = term.divide(x2);
      BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
      sum = (k % 2 == 1) ? sum.subtract(t) : sum.add(t);
    }
    return sum;
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

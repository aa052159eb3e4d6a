package de.denbi.spe.storage.crypt4gh.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** ChaCha20-Poly1305 (IETF, 12-byte nonce, 16-byte tag) on the JDK's provider, one per thread. */
public final class Aead {
  /** Nonce length. */
  public static final int NONCE = 12;
  /** Tag length. */
  public static final int TAG = 16;

  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * Nonces come from one shared DRBG (NIST SP 800-90A, seeded from the system's entropy; thread
   * safe): the default {@code NativePRNG} reads {@code /dev/urandom} under a lock on every call,
   * and a DRBG per thread would be seeded again for every virtual thread.
   */
  private static final SecureRandom DRBG = drbg();

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (GeneralSecurityException e) {
      return new SecureRandom();
    }
  }

  private final Cipher cipher;
  private byte[] lastKey;
  private SecretKeySpec lastSpec;

  /** Creates a cipher holder (not thread-safe). */
  public Aead() {
    try {
      cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
    }
  }

  /**
   * Fills a fresh random nonce.
   *
   * @param out the array
   * @param off where the nonce goes
   */
  public static void randomNonce(byte[] out, int off) {
    byte[] n = new byte[NONCE];
    DRBG.nextBytes(n);
    System.arraycopy(n, 0, out, off, NONCE);
  }

  /**
   * Random nonces for one stream's segments, taken from the shared DRBG 64 at a time (one DRBG
   * call per 4 MiB of data instead of one per 64 KiB segment). A nonce handed out is wiped from
   * the batch. Not thread-safe: one per stream.
   */
  public static final class Nonces {
    private static final int BATCH = 64;
    private final byte[] batch = new byte[NONCE * BATCH];
    private int next = batch.length;

    /** Creates an empty batch (filled on first use). */
    public Nonces() {}

    /**
     * Writes the next nonce.
     *
     * @param out the array
     * @param off where the nonce goes
     */
    public void fill(byte[] out, int off) {
      if (next == batch.length) {
        DRBG.nextBytes(batch);
        next = 0;
      }
      System.arraycopy(batch, next, out, off, NONCE);
      Arrays.fill(batch, next, next + NONCE, (byte) 0);
      next += NONCE;
    }
  }

  /**
   * Random bytes.
   *
   * @param n how many
   * @return the bytes
   */
  public static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The key spec of the last key used (the same data key is used for every segment). */
  private SecretKeySpec spec(byte[] key) {
    if (key != lastKey) {
      lastSpec = new SecretKeySpec(key, "ChaCha20");
      lastKey = key;
    }
    return lastSpec;
  }

  /**
   * Encrypts {@code in[inOff, inOff+len)} with the nonce at {@code out[outOff]} (already filled),
   * writing ciphertext and tag after it.
   *
   * @param key the 32-byte key
   * @param in plaintext buffer
   * @param inOff offset
   * @param len length
   * @param out output buffer: nonce, then ciphertext and tag
   * @param outOff where the nonce is
   * @return bytes written after the nonce (len + 16)
   */
  public int seal(byte[] key, byte[] in, int inOff, int len, byte[] out, int outOff) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, spec(key),
          new IvParameterSpec(out, outOff, NONCE));
      return cipher.doFinal(in, inOff, len, out, outOff + NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts nonce || ciphertext || tag.
   *
   * @param key the 32-byte key
   * @param in buffer with nonce, ciphertext, tag
   * @param off offset of the nonce
   * @param len total length (nonce + ciphertext + tag)
   * @param out plaintext buffer
   * @param outOff offset in it
   * @return plaintext length, or -1 when the tag does not match
   */
  public int open(byte[] key, byte[] in, int off, int len, byte[] out, int outOff) {
    if (len < NONCE + TAG) {
      return -1;
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, spec(key),
          new IvParameterSpec(in, off, NONCE));
      return cipher.doFinal(in, off + NONCE, len - NONCE, out, outOff);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }
}

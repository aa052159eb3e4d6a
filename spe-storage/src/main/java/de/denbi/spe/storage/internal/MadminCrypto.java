package de.denbi.spe.storage.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted request bodies of MinIO's admin API (madmin's {@code EncryptData}), which MinIO
 * requires for requests that carry secrets such as a new user's secret key. Layout: a 32-byte
 * salt, one algorithm byte, an 8-byte nonce, then a DARE/sio stream: the data in 16 KiB
 * fragments, each sealed with AES-256-GCM under the nonce followed by a little-endian 32-bit
 * sequence number; the associated data is a flag byte (0x80 for the final fragment, else 0x00)
 * and the tag of an empty message sealed under sequence number 0.
 *
 * <p>The key is derived from the admin's secret key with PBKDF2-HMAC-SHA256 (8,192 iterations),
 * algorithm byte 0x02: the variant MinIO accepts from FIPS clients, and the only one the JDK can
 * derive without an Argon2 implementation. MinIO's own replies use Argon2id and are not read
 * here.
 */
public final class MadminCrypto {
  /** The algorithm byte for PBKDF2 + AES-256-GCM. */
  public static final byte PBKDF2_AES_GCM = 0x02;

  private static final int SALT = 32;
  private static final int NONCE = 8;
  private static final int TAG = 16;
  private static final int FRAGMENT = 1 << 14;
  private static final int PBKDF2_ROUNDS = 8192;
  private static final SecureRandom RANDOM = new SecureRandom();

  private MadminCrypto() {}

  /**
   * Encrypts a request body for MinIO's admin API.
   *
   * @param password the admin's secret key
   * @param plaintext the body
   * @return the encrypted body
   */
  public static byte[] encrypt(String password, byte[] plaintext) {
    byte[] salt = new byte[SALT];
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    return encrypt(password, plaintext, salt, nonce);
  }

  static byte[] encrypt(String password, byte[] plaintext, byte[] salt, byte[] nonce) {
    try {
      SecretKeySpec key = key(password, salt);
      int fragments = Math.max(1, (plaintext.length + FRAGMENT - 1) / FRAGMENT);
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(SALT + 1 + NONCE + plaintext.length + fragments * TAG);
      out.writeBytes(salt);
      out.write(PBKDF2_AES_GCM);
      out.writeBytes(nonce);
      byte[] ad = associatedData(key, nonce);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      // every fragment but the last is full; the last holds 1..16 KiB (or nothing for no data)
      int seq = 1;
      int off = 0;
      while (plaintext.length - off > FRAGMENT) {
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, aeadNonce(nonce, seq++)));
        gcm.updateAAD(ad);
        out.writeBytes(gcm.doFinal(plaintext, off, FRAGMENT));
        off += FRAGMENT;
      }
      ad[0] = (byte) 0x80;
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, aeadNonce(nonce, seq)));
      gcm.updateAAD(ad);
      out.writeBytes(gcm.doFinal(plaintext, off, plaintext.length - off));
      return out.toByteArray();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encrypting the MinIO admin request failed", e);
    }
  }

  /**
   * Decrypts a body encrypted with the PBKDF2 variant (for tests and for bodies this SDK wrote).
   *
   * @param password the admin's secret key
   * @param data the encrypted body
   * @return the plaintext
   * @throws IllegalArgumentException if the data is not a PBKDF2 + AES-GCM body or was altered
   */
  public static byte[] decrypt(String password, byte[] data) {
    if (data.length < SALT + 1 + NONCE + TAG) {
      throw new IllegalArgumentException("too short for an encrypted MinIO admin body");
    }
    if (data[SALT] != PBKDF2_AES_GCM) {
      throw new IllegalArgumentException("algorithm " + data[SALT] + " is not PBKDF2 + AES-GCM"
          + " (0x02); Argon2id bodies are not supported");
    }
    byte[] salt = Arrays.copyOfRange(data, 0, SALT);
    byte[] nonce = Arrays.copyOfRange(data, SALT + 1, SALT + 1 + NONCE);
    try {
      SecretKeySpec key = key(password, salt);
      byte[] ad = associatedData(key, nonce);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
      int off = SALT + 1 + NONCE;
      int seq = 1;
      while (true) {
        int left = data.length - off;
        boolean last = left <= FRAGMENT + TAG;
        int len = last ? left : FRAGMENT + TAG;
        if (last) {
          ad[0] = (byte) 0x80;
        }
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, aeadNonce(nonce, seq++)));
        gcm.updateAAD(ad);
        out.writeBytes(gcm.doFinal(data, off, len));
        off += len;
        if (last) {
          return out.toByteArray();
        }
      }
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException("the encrypted MinIO admin body is not authentic"
          + " (wrong key or altered data)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("decrypting the MinIO admin body failed", e);
    }
  }

  private static SecretKeySpec key(String password, byte[] salt) throws GeneralSecurityException {
    // the JDK's PBKDF2 takes the UTF-8 bytes of the characters, as Go's
    // pbkdf2.Key([]byte(password), ...) does
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, PBKDF2_ROUNDS, 256);
    try {
      byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
          .getEncoded();
      return new SecretKeySpec(k, "AES");
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  /** Flag byte 0x00 plus the GCM tag of an empty message under sequence number 0. */
  private static byte[] associatedData(SecretKeySpec key, byte[] nonce)
      throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, aeadNonce(nonce, 0)));
    byte[] tag = gcm.doFinal(new byte[0]);
    byte[] ad = new byte[1 + TAG];
    System.arraycopy(tag, 0, ad, 1, TAG);
    return ad;
  }

  private static byte[] aeadNonce(byte[] nonce, int seq) {
    return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).put(nonce).putInt(seq).array();
  }
}

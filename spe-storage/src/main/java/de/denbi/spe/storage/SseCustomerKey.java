package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidRequestException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit key for SSE-C (server-side encryption with a customer-provided key): the store
 * encrypts with it and keeps only its MD5, so the same key is needed to read the object again.
 * Sent in request headers, so only over HTTPS ({@link StorageClient} refuses it on HTTP).
 * {@link #toString()} never shows the key.
 *
 * @since 0.1.0
 */
public final class SseCustomerKey {
  private final byte[] key;

  private SseCustomerKey(byte[] key) {
    this.key = key;
  }

  /**
   * A key from 32 bytes (copied).
   *
   * @param key 32 bytes
   * @return the key
   * @throws InvalidRequestException if it is not 32 bytes
   */
  public static SseCustomerKey of(byte[] key) {
    if (key == null || key.length != 32) {
      throw new InvalidRequestException("sseCustomerKey", "an SSE-C key must be 256 bits"
          + " (32 bytes), was " + (key == null ? "null" : key.length + " bytes"));
    }
    return new SseCustomerKey(key.clone());
  }

  /**
   * A key from its base64 text (as {@code aws s3 --sse-c-key} and {@code mc} take it).
   *
   * @param base64 the base64 of 32 bytes
   * @return the key
   */
  public static SseCustomerKey fromBase64(String base64) {
    try {
      return of(Base64.getDecoder().decode(base64.strip()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("sseCustomerKey", "not base64");
    }
  }

  /**
   * A new random key. Keep it: without it the object cannot be read.
   *
   * @return the key
   */
  public static SseCustomerKey random() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return new SseCustomerKey(k);
  }

  /**
   * The key bytes (a copy).
   *
   * @return 32 bytes
   */
  public byte[] bytes() {
    return key.clone();
  }

  /**
   * The key as a JCA key (algorithm AES).
   *
   * @return the key
   */
  public SecretKey secretKey() {
    return new SecretKeySpec(key, "AES");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseCustomerKey k && java.security.MessageDigest.isEqual(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "SseCustomerKey[<redacted 256 bits>]";
  }
}

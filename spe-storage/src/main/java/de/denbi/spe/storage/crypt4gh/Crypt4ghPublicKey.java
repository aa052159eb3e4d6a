package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.storage.crypt4gh.internal.X25519;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Crypt4GH (X25519) public key: 32 bytes. Read one with {@link Crypt4ghKeys}, or take
 * a researcher's keys from the LS Login {@code crypt4ghPublicKeys} claim with
 * {@link Crypt4ghKeys#publicKeysFromClaim(Object)}. Immutable; {@code toString()} shows the
 * base64 form (public keys are not secret).
 *
 * @since 0.1.0
 */
public final class Crypt4ghPublicKey {
  private final byte[] key;

  private Crypt4ghPublicKey(byte[] key) {
    this.key = key;
  }

  /**
   * Wraps 32 raw X25519 public key bytes.
   *
   * @param key the bytes (copied)
   * @return the key
   * @throws Crypt4ghFormatException if the length is not 32
   */
  public static Crypt4ghPublicKey of(byte[] key) {
    if (key == null || key.length != 32) {
      throw new Crypt4ghFormatException("a Crypt4GH public key has 32 bytes, not "
          + (key == null ? "none" : key.length));
    }
    return new Crypt4ghPublicKey(key.clone());
  }

  /**
   * Converts an Ed25519 public key (as in an {@code ssh-ed25519} line) to its X25519 form,
   * as the reference implementation does for SSH keys.
   *
   * @param ed25519 the 32 bytes
   * @return the X25519 key
   */
  public static Crypt4ghPublicKey fromEd25519(byte[] ed25519) {
    if (ed25519 == null || ed25519.length != 32) {
      throw new Crypt4ghFormatException("an Ed25519 public key has 32 bytes");
    }
    return new Crypt4ghPublicKey(X25519.fromEd25519(ed25519));
  }

  /**
   * Returns the raw bytes.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] bytes() {
    return key.clone();
  }

  /**
   * Returns the base64 form (what a Crypt4GH public key file holds between its armor lines).
   *
   * @return base64 of the 32 bytes
   */
  public String base64() {
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Crypt4ghPublicKey k && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Crypt4ghPublicKey[" + base64() + "]";
  }
}

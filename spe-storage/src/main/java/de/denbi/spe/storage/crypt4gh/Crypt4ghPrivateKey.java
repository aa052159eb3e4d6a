package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.storage.crypt4gh.internal.X25519;

/**
 * A Crypt4GH (X25519) private key. Generate one with {@link #generate()}, read one from a key
 * file with {@link Crypt4ghKeys#readPrivateKey}. The secret bytes never appear in
 * {@code toString()}, logs or exceptions.
 *
 * @since 0.1.0
 */
public final class Crypt4ghPrivateKey {
  private final byte[] secret;
  private final Crypt4ghPublicKey publicKey;

  private Crypt4ghPrivateKey(byte[] secret) {
    this.secret = secret;
    this.publicKey = Crypt4ghPublicKey.of(X25519.publicKey(secret));
  }

  /**
   * Generates a new key pair.
   *
   * @return the private key (its public key via {@link #publicKey()})
   */
  public static Crypt4ghPrivateKey generate() {
    return new Crypt4ghPrivateKey(X25519.generateSecret());
  }

  /**
   * Wraps 32 raw X25519 secret key bytes.
   *
   * @param secret the bytes (copied)
   * @return the key
   * @throws Crypt4ghFormatException if the length is not 32
   */
  public static Crypt4ghPrivateKey of(byte[] secret) {
    if (secret == null || secret.length != 32) {
      throw new Crypt4ghFormatException("a Crypt4GH private key has 32 bytes");
    }
    return new Crypt4ghPrivateKey(secret.clone());
  }

  /**
   * Returns the public key of this private key.
   *
   * @return the public key
   */
  public Crypt4ghPublicKey publicKey() {
    return publicKey;
  }

  /**
   * Returns the secret bytes; handle with care (for writing key files).
   *
   * @return a copy of the 32 secret bytes
   */
  public byte[] secretBytes() {
    return secret.clone();
  }

  @Override
  public String toString() {
    return "Crypt4ghPrivateKey[public=" + publicKey.base64() + ", secret=***]";
  }
}

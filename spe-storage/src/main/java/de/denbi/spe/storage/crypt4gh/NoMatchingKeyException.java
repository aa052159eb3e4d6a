package de.denbi.spe.storage.crypt4gh;

import java.io.Serial;

/**
 * None of the stream's header packets opens with the given private key: the data was not
 * encrypted for this key (or the header was altered). Ask the sender to add your public key
 * (a header re-encryption, see {@link Crypt4gh#reencryptHeader}).
 *
 * @since 0.1.0
 */
public class NoMatchingKeyException extends Crypt4ghException {
  @Serial private static final long serialVersionUID = 1L;

  private final int packets;

  /**
   * Creates the exception.
   *
   * @param packets how many header packets were tried
   * @param publicKey the public key of the reader (not secret), for the message
   */
  public NoMatchingKeyException(int packets, Crypt4ghPublicKey publicKey) {
    super("none of the " + packets + " Crypt4GH header packets is for the key " + publicKey
        + ": the data was not encrypted for it; ask the sender to add this public key");
    this.packets = packets;
  }

  /**
   * Returns how many header packets were tried.
   *
   * @return the number of packets
   */
  public int packets() {
    return packets;
  }
}

package de.denbi.spe.storage.crypt4gh;

import java.io.Serial;

/**
 * A passphrase-protected Crypt4GH private key did not open with the given passphrase (or the
 * key file was altered).
 *
 * @since 0.1.0
 */
public class WrongPassphraseException extends Crypt4ghException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param source where the key came from (a file name), for the message
   */
  public WrongPassphraseException(String source) {
    super("the private key " + source + " does not open with this passphrase (or the file was"
        + " altered); check the passphrase");
  }
}

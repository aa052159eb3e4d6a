package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.core.SpeClientException;
import java.io.Serial;

/**
 * A Crypt4GH stream or key could not be used. The subclasses say why: a malformed stream or key
 * file ({@link Crypt4ghFormatException}), no header packet for the given private key
 * ({@link NoMatchingKeyException}), a segment that fails authentication
 * ({@link TamperedSegmentException}), a wrong passphrase ({@link WrongPassphraseException}).
 * Messages never contain key material.
 *
 * @since 0.1.0
 */
public class Crypt4ghException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what to do
   */
  public Crypt4ghException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and what to do
   * @param cause the cause
   */
  public Crypt4ghException(String message, Throwable cause) {
    super(message, cause);
  }
}

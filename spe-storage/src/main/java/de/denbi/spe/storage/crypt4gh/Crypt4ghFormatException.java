package de.denbi.spe.storage.crypt4gh;

import java.io.Serial;

/**
 * The bytes are not a valid Crypt4GH stream or key file (wrong magic, unsupported version or
 * method, a truncated header, a malformed key file).
 *
 * @since 0.1.0
 */
public class Crypt4ghFormatException extends Crypt4ghException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is malformed
   */
  public Crypt4ghFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is malformed
   * @param cause the cause
   */
  public Crypt4ghFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

package de.denbi.spe.core;

import java.io.IOException;
import java.io.Serial;

/**
 * Reading or writing a local file failed (a missing input, a full disk, a permission problem).
 *
 * @since 0.1.0
 */
public class LocalIOException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which file and which operation failed
   * @param cause the I/O failure
   */
  public LocalIOException(String message, IOException cause) {
    super(message, cause);
  }
}

package de.denbi.spe.core;

import java.io.Serial;

/**
 * Something on the caller's side is wrong: configuration, an invalid request, local I/O.
 * Retrying the same call does not help; fix the input instead.
 *
 * @since 0.1.0
 */
public class SpeClientException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public SpeClientException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the underlying exception
   */
  public SpeClientException(String message, Throwable cause) {
    super(message, cause);
  }
}

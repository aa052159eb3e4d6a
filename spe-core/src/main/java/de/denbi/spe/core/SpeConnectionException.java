package de.denbi.spe.core;

import java.io.IOException;
import java.io.Serial;

/**
 * A service could not be reached, or the connection failed before a complete answer arrived
 * (refused, reset, timed out, TLS failure). Retryable unless the cause is a TLS certificate
 * problem, which a retry does not fix.
 *
 * <p>For requests that are not idempotent (a POST that creates something) the request may or
 * may not have reached the server: check the server's state before sending it again.
 *
 * @since 0.1.0
 */
public class SpeConnectionException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param message what failed, on which URL (redacted), and what to do
   * @param cause the network failure
   * @param retryable whether trying again may help
   */
  public SpeConnectionException(String message, IOException cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  @Override
  public boolean retryable() {
    return retryable;
  }
}

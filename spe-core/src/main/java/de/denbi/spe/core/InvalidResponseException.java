package de.denbi.spe.core;

import java.io.Serial;

/**
 * A service answered, but the answer could not be used: not valid JSON, wrong types, a
 * required field missing, or larger than the configured limit. Not retryable: the server (or a
 * proxy in front of it) is misbehaving.
 *
 * @since 0.1.0
 */
public class InvalidResponseException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details the request and status of the unusable reply
   * @param problem what is wrong with the reply
   * @param cause the parse failure, or {@code null}
   */
  public InvalidResponseException(ServiceErrorDetails details, String problem, Throwable cause) {
    super(
        details,
        "The reply could not be read: "
            + problem
            + ". The server or a proxy in front of it is misbehaving; check the base URL and"
            + " the server's version.",
        cause);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}

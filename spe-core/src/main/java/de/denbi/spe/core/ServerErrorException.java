package de.denbi.spe.core;

import java.io.Serial;

/**
 * The service failed (HTTP 5xx). Retryable for 502, 503 and 504.
 *
 * @since 0.1.0
 */
public class ServerErrorException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public ServerErrorException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public ServerErrorException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }
}

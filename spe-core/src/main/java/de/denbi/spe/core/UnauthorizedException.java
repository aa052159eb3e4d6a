package de.denbi.spe.core;

import java.io.Serial;

/**
 * The service rejected the credentials (HTTP 401). The HTTP layer has already invalidated the token and tried once more with a fresh one.
 *
 * @since 0.1.0
 */
public class UnauthorizedException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public UnauthorizedException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public UnauthorizedException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }
}

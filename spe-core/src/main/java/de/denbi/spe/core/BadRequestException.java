package de.denbi.spe.core;

import java.io.Serial;

/**
 * The service rejected the request as invalid (HTTP 400 or 422, or a dialect's equivalent).
 *
 * @since 0.1.0
 */
public class BadRequestException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public BadRequestException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public BadRequestException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }
}

package de.denbi.spe.core;

import java.io.Serial;

/**
 * The resource does not exist, or the base URL is wrong (HTTP 404).
 *
 * @since 0.1.0
 */
public class NotFoundException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public NotFoundException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public NotFoundException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }
}

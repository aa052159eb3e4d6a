package de.denbi.spe.core;

import java.io.Serial;

/**
 * The caller is authenticated but not allowed to do this (HTTP 403).
 *
 * @since 0.1.0
 */
public class ForbiddenException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public ForbiddenException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public ForbiddenException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }
}

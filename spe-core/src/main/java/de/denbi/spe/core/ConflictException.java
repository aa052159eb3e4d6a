package de.denbi.spe.core;

import java.io.Serial;

/**
 * The resource is in a state that does not allow the operation (HTTP 409), e.g. the output of a run that is not finished.
 *
 * @since 0.1.0
 */
public class ConflictException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public ConflictException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public ConflictException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }
}

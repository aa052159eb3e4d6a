package de.denbi.spe.core;

import java.io.Serial;

/**
 * The service is throttling (HTTP 429). {@link #retryAfter()} tells how long it asked to wait.
 *
 * @since 0.1.0
 */
public class TooManyRequestsException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the service answered
   */
  public TooManyRequestsException(ServiceErrorDetails details) {
    super(details);
  }

  /**
   * Creates the exception with advice of its own (for service dialects).
   *
   * @param details what the service answered
   * @param advice what the caller should do
   */
  public TooManyRequestsException(ServiceErrorDetails details, String advice) {
    super(details, advice);
  }

  /**
   * How long the server asked to wait, from {@code Retry-After}.
   *
   * @return the delay, if the server gave one
   */
  public java.util.Optional<java.time.Duration> retryAfter() {
    return java.util.Optional.ofNullable(details().retryAfter());
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

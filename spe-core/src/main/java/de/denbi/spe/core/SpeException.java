package de.denbi.spe.core;

import java.io.Serial;

/**
 * Root of every exception the SPE SDK throws. Unchecked.
 *
 * <p>There are three branches:
 * <ul>
 *   <li>{@link SpeClientException}: something on this side is wrong (configuration, an invalid
 *       request, local I/O); retrying the same call will not help.</li>
 *   <li>{@link SpeServiceException}: a service answered with an error; it carries the HTTP status,
 *       the request id and the parsed error body. One subclass per meaningful status.</li>
 *   <li>{@link SpeConnectionException}: the service could not be reached or the connection
 *       dropped; usually {@linkplain #retryable() retryable}.</li>
 * </ul>
 * Plus {@link WaitTimeoutException} and {@link PagingException} for the shared waiting and
 * paging helpers.
 *
 * <p>Messages say what went wrong and what to do. They never contain access tokens, client
 * secrets, passwords or presigned-URL signatures.
 *
 * @since 0.1.0
 */
public class SpeException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong and what to do about it
   */
  public SpeException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong and what to do about it
   * @param cause the underlying exception
   */
  public SpeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the same call may succeed if tried again later (a dropped connection, a 503, a 429).
   * The SDK's HTTP layer already retries idempotent requests; this tells callers whether a
   * retry of their own makes sense.
   *
   * @return true if retrying may help
   */
  public boolean retryable() {
    return false;
  }
}

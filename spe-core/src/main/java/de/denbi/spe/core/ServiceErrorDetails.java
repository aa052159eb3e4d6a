package de.denbi.spe.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;

/**
 * What is known about an error reply from a service. All strings are already redacted: the URL
 * carries no token or signature, the body no secret fields.
 *
 * @param service the service's name as the client calls it (e.g. {@code WES}, {@code TES})
 * @param method the HTTP method of the request
 * @param url the request URL, with sensitive query parameters redacted
 * @param statusCode the HTTP status code
 * @param requestId the server's request id from the response headers, or {@code null}
 * @param serverMessage the message the server gave (from a JSON error body or the text), or
 *     {@code null} when there was none
 * @param body the parsed JSON error body, or {@code null} when it was not JSON
 * @param retryAfter the delay the server asked for with {@code Retry-After}, or {@code null}
 * @since 0.1.0
 */
public record ServiceErrorDetails(
    String service,
    String method,
    String url,
    int statusCode,
    String requestId,
    String serverMessage,
    JsonNode body,
    Duration retryAfter) {

  /** Checks the required fields. */
  public ServiceErrorDetails {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
  }

  /**
   * A copy with another server message, for dialects that know better what an error means.
   *
   * @param message the new message
   * @return the copy
   */
  public ServiceErrorDetails withServerMessage(String message) {
    return new ServiceErrorDetails(
        service, method, url, statusCode, requestId, message, body, retryAfter);
  }

  /**
   * A copy with another status code, for servers that answer client errors with 500 (WESkit).
   *
   * @param status the status the error really means
   * @return the copy
   */
  public ServiceErrorDetails withStatusCode(int status) {
    return new ServiceErrorDetails(
        service, method, url, status, requestId, serverMessage, body, retryAfter);
  }
}

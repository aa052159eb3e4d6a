package de.denbi.spe.testkit.tes;

import java.util.List;
import java.util.Map;

/**
 * One request {@link FakeTesServer} answered and its reply, for assertions and for validating
 * both against the TES OpenAPI files. The {@code Authorization} header is recorded as {@code
 * <redacted>}.
 *
 * @param method the HTTP method
 * @param path the raw request path
 * @param query the raw query, or null
 * @param requestHeaders the request headers (names lower case)
 * @param requestBody the request body as text ({@code ""} if none)
 * @param status the reply's status code
 * @param responseHeaders the reply's headers (names lower case)
 * @param responseBody the reply's body as text
 * @since 0.1.0
 */
public record RecordedExchange(
    String method,
    String path,
    String query,
    Map<String, List<String>> requestHeaders,
    String requestBody,
    int status,
    Map<String, List<String>> responseHeaders,
    String responseBody) {

  /** Copies the headers. */
  public RecordedExchange {
    requestHeaders = Map.copyOf(requestHeaders);
    responseHeaders = Map.copyOf(responseHeaders);
  }
}

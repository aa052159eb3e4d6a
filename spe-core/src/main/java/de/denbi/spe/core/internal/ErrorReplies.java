package de.denbi.spe.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.http.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** Reads an error reply into {@link ServiceErrorDetails}: bounded, parsed, redacted. */
public final class ErrorReplies {
  private static final String[] REQUEST_ID_HEADERS = {
    "X-Request-Id", "X-Amz-Request-Id", "X-Correlation-Id", "Request-Id", "X-Trace-Id",
    "X-Openstack-Request-Id", "X-Compute-Request-Id"
  };
  private static final int MAX_MESSAGE = 2000;

  private ErrorReplies() {}

  /**
   * Reads at most {@code max} bytes of a response body.
   *
   * @param body the body, may be null
   * @param max the limit
   * @return the bytes read (fewer than the body when it is longer)
   * @throws IOException if reading fails
   */
  public static byte[] readAtMost(ResponseBody body, long max) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    BufferedSource src = body.source();
    src.request(max); // returns false when the body is shorter: fine
    long n = Math.min(src.getBuffer().size(), max);
    return src.getBuffer().readByteArray(n);
  }

  /**
   * Builds the details of an error reply. Reads at most {@code maxBodyBytes} of the body, so a
   * 10 MB error page costs no more memory than that.
   *
   * @param service the service name
   * @param resp the response (its body is consumed, not closed)
   * @param maxBodyBytes how much of the body to read
   * @param json the mapper to parse JSON bodies with
   * @param clock for {@code Retry-After} dates
   * @return the details
   */
  public static ServiceErrorDetails details(
      String service, Response resp, int maxBodyBytes, ObjectMapper json, Clock clock) {
    String text;
    boolean truncated;
    try {
      byte[] bytes = readAtMost(resp.body(), maxBodyBytes + 1L);
      truncated = bytes.length > maxBodyBytes;
      text = new String(bytes, 0, Math.min(bytes.length, maxBodyBytes), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
      truncated = false;
    }
    // the request as sent over the wire (with the Authorization header the interceptors added)
    List<String> secrets = RequestSecrets.of(resp.networkResponse() != null ? resp.networkResponse().request() : resp.request());
    secrets.addAll(RequestSecrets.of(resp.request()));
    JsonNode node = null;
    String stripped = Redaction.scrub(text.strip(), secrets);
    if (!truncated && (stripped.startsWith("{") || stripped.startsWith("["))) {
      try {
        node = Redaction.json(json.readTree(stripped));
      } catch (IOException | RuntimeException notJson) {
        node = null;
      }
    }
    String message = node != null ? messageOf(node) : null;
    if (message == null && !stripped.isEmpty() && !looksLikeHtml(stripped)) {
      message = stripped;
    }
    if (message != null) {
      message = Redaction.scrub(Redaction.text(shorten(message)), secrets);
      if (truncated) {
        message += " [error body longer than " + maxBodyBytes + " bytes, truncated]";
      }
    }
    Duration retryAfter = RetryAfter.parse(resp.header("Retry-After"), clock);
    return new ServiceErrorDetails(
        service,
        resp.request().method(),
        Redaction.url(resp.request().url()),
        resp.code(),
        requestId(resp),
        message,
        node,
        retryAfter);
  }

  /**
   * The server's request id from the usual headers.
   *
   * @param resp the response
   * @return the id, or null
   */
  public static String requestId(Response resp) {
    for (String h : REQUEST_ID_HEADERS) {
      String v = resp.header(h);
      if (v != null && !v.isBlank()) {
        return shorten(v.strip());
      }
    }
    return null;
  }

  /**
   * The human message of a JSON error body, in the shapes the SDK's services use: GA4GH
   * {@code msg}, OAuth {@code error_description}/{@code error}, {@code message}, {@code detail}
   * (FastAPI, RFC 7807), {@code title}, OpenStack {@code {"badRequest":{"message":...}}}, and
   * slurmrestd {@code errors[].error}.
   *
   * @param node the body
   * @return the message, or null
   */
  public static String messageOf(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    JsonNode oauthError = node.get("error");
    JsonNode oauthDescription = node.get("error_description");
    if (oauthError != null && oauthError.isTextual() && oauthDescription != null && oauthDescription.isTextual()) {
      return oauthError.asText() + ": " + oauthDescription.asText();
    }
    for (String f : new String[] {"msg", "message", "error_description", "detail", "title"}) {
      JsonNode v = node.get(f);
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        return v.asText();
      }
      if (v != null && v.isArray() && !v.isEmpty()) {
        return v.toString();
      }
    }
    JsonNode err = node.get("error");
    if (err != null) {
      if (err.isTextual()) {
        return err.asText();
      }
      String inner = messageOf(err);
      if (inner != null) {
        return inner;
      }
    }
    JsonNode errors = node.get("errors");
    if (errors != null && errors.isArray() && !errors.isEmpty()) {
      JsonNode first = errors.get(0);
      JsonNode e = first.get("error");
      JsonNode d = first.get("description");
      String s = e != null && e.isTextual() ? e.asText() : null;
      if (d != null && d.isTextual() && !d.asText().isBlank()) {
        s = s == null ? d.asText() : s + " (" + d.asText() + ")";
      }
      if (s != null) {
        return s;
      }
      return messageOf(first);
    }
    if (node.isObject() && node.size() == 1) {
      JsonNode only = node.elements().next();
      if (only.isObject()) {
        return messageOf(only);
      }
    }
    return null;
  }

  private static boolean looksLikeHtml(String s) {
    String head = s.length() > 64 ? s.substring(0, 64) : s;
    return head.regionMatches(true, 0, "<!doctype", 0, 9) || head.regionMatches(true, 0, "<html", 0, 5);
  }

  private static String shorten(String s) {
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
  }
}

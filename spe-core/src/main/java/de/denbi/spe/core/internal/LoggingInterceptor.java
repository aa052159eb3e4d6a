package de.denbi.spe.core.internal;

import de.denbi.spe.core.http.HttpLogLevel;
import de.denbi.spe.core.http.Redaction;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Logs requests and responses as they go over the wire, with every secret redacted, to the
 * {@link System.Logger} {@code de.denbi.spe.http} at level INFO.
 */
public final class LoggingInterceptor implements Interceptor {
  /** The logger's name. */
  public static final String LOGGER_NAME = "de.denbi.spe.http";

  private static final Logger LOG = System.getLogger(LOGGER_NAME);
  private static final long MAX_BODY = 8 * 1024;

  private final HttpLogLevel level;
  private final String service;

  /**
   * Creates the interceptor.
   *
   * @param level how much to log
   * @param service the service name to prefix lines with
   */
  public LoggingInterceptor(HttpLogLevel level, String service) {
    this.level = level;
    this.service = service;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    if (level == HttpLogLevel.NONE || !LOG.isLoggable(Level.INFO)) {
      return chain.proceed(req);
    }
    String url = Redaction.url(req.url());
    StringBuilder out = new StringBuilder();
    out.append(service).append(" --> ").append(req.method()).append(' ').append(url);
    if (level.compareTo(HttpLogLevel.HEADERS) >= 0) {
      appendHeaders(out, req.headers());
    }
    if (level == HttpLogLevel.BODY && req.body() != null) {
      appendRequestBody(out, req.body());
    }
    LOG.log(Level.INFO, out.toString());
    long start = System.nanoTime();
    Response resp;
    try {
      resp = chain.proceed(req);
    } catch (IOException e) {
      LOG.log(
          Level.INFO,
          service + " <-- FAILED " + req.method() + ' ' + url + ": "
              + e.getClass().getSimpleName() + ": " + Redaction.text(e.getMessage()));
      throw e;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    StringBuilder in = new StringBuilder();
    in.append(service).append(" <-- ").append(resp.code()).append(' ').append(req.method())
        .append(' ').append(url).append(" (").append(ms).append(" ms)");
    if (level.compareTo(HttpLogLevel.HEADERS) >= 0) {
      appendHeaders(in, resp.headers());
    }
    if (level == HttpLogLevel.BODY && resp.body() != null && isText(resp.body().contentType())) {
      String body = resp.peekBody(MAX_BODY).string();
      in.append("\n  ").append(Redaction.scrub(Redaction.text(body), RequestSecrets.of(req)));
    }
    LOG.log(Level.INFO, in.toString());
    return resp;
  }

  private static void appendHeaders(StringBuilder sb, Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      sb.append("\n  ").append(name).append(": ").append(Redaction.header(name, headers.value(i)));
    }
  }

  private static void appendRequestBody(StringBuilder sb, RequestBody body) throws IOException {
    if (!isText(body.contentType()) || body.isOneShot() || body.isDuplex()) {
      sb.append("\n  (").append(body.contentLength()).append("-byte body not logged)");
      return;
    }
    long len = body.contentLength();
    if (len < 0 || len > MAX_BODY) {
      sb.append("\n  (").append(len).append("-byte body not logged)");
      return;
    }
    Buffer buf = new Buffer();
    body.writeTo(buf);
    sb.append("\n  ").append(Redaction.text(buf.readString(StandardCharsets.UTF_8)));
    // form fields are redacted by name; JSON bodies by field name and JWT shape
  }

  private static boolean isText(MediaType type) {
    if (type == null) {
      return false;
    }
    String t = type.type() + "/" + type.subtype();
    return type.type().equals("text")
        || t.contains("json")
        || t.contains("xml")
        || t.contains("x-www-form-urlencoded")
        || t.contains("yaml");
  }
}

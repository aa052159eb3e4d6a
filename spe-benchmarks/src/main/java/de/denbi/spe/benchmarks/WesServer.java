package de.denbi.spe.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;

/**
 * A WES-shaped server on 127.0.0.1 that answers {@code GET /ga4gh/wes/v1/runs/{id}} with the same
 * {@code RunLog} (about 3.5 KB) every time, over keep-alive HTTP/1.1 connections.
 *
 * <p>It is the JDK's {@code com.sun.net.httpserver} rather than OkHttp's MockWebServer because
 * MockWebServer keeps every request it served in a queue: over millions of benchmark calls that
 * is a growing heap and GC work that would be measured too. Handlers run on the server's one
 * dispatcher thread (the benchmark calls one at a time). {@code TCP_NODELAY} is on so that no
 * reply waits for a delayed ACK.
 */
public final class WesServer implements AutoCloseable {
  /** The bearer token both benchmark paths send; anything else gets 401. */
  public static final String TOKEN = "bench-token";

  /** The run id in the benchmark's URL. */
  public static final String RUN_ID = "3f2b7c1e-8d4a-4e6b-9a51-0c7d2e9f4b13";

  private static final String PREFIX = "/ga4gh/wes/v1/runs/";

  static {
    // read once by the JDK's server configuration, so set before the first server is created
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final byte[] body;
  private final HttpServer server;

  private WesServer(byte[] body) throws IOException {
    this.body = body;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(PREFIX, this::handle);
    server.setExecutor(null);
    server.start();
  }

  /**
   * Starts a server on a free port of 127.0.0.1.
   *
   * @return the running server
   * @throws IOException if it cannot bind
   */
  public static WesServer start() throws IOException {
    return new WesServer(runLogJson());
  }

  /**
   * The reply body: a realistic WES {@code RunLog} of a finished Snakemake run with five tasks.
   *
   * @return the UTF-8 JSON, without trailing white space
   */
  public static byte[] runLogJson() {
    try (InputStream in = WesServer.class.getResourceAsStream("wes-run-log.json")) {
      if (in == null) {
        throw new IllegalStateException("wes-run-log.json is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .strip()
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The URL of the run.
   *
   * @return {@code http://127.0.0.1:<port>/ga4gh/wes/v1/runs/<RUN_ID>}
   */
  public HttpUrl runUrl() {
    InetSocketAddress a = server.getAddress();
    return new HttpUrl.Builder()
        .scheme("http")
        .host(a.getAddress().getHostAddress())
        .port(a.getPort())
        .encodedPath(PREFIX + RUN_ID)
        .build();
  }

  /**
   * The size of the reply body.
   *
   * @return bytes
   */
  public int bodyBytes() {
    return body.length;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try (InputStream in = ex.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      String path = ex.getRequestURI().getRawPath();
      String id = path.substring(PREFIX.length());
      if (!"GET".equals(ex.getRequestMethod())) {
        reply(ex, 405, "{\"msg\":\"method not allowed\",\"status_code\":405}");
      } else if (id.isEmpty() || id.contains("/")) {
        reply(ex, 404, "{\"msg\":\"no such run\",\"status_code\":404}");
      } else if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        reply(ex, 401, "{\"msg\":\"missing or wrong bearer token\",\"status_code\":401}");
      } else {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static void reply(HttpExchange ex, int code, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
  }
}

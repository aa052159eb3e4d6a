package de.denbi.spe.benchmarks.tes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TES-shaped server on 127.0.0.1 for the benchmarks (the JDK's HTTP server: it keeps nothing per
 * request, unlike MockWebServer). It answers
 *
 * <ul>
 *   <li>{@code GET .../service-info} with a TES 1.1 service-info;</li>
 *   <li>{@code GET .../tasks/bench-task?view=BASIC} with the same realistic task (about 3 KB:
 *       inputs, outputs, resources, two executors, tags, one log with executor logs and output
 *       files) every time;</li>
 *   <li>{@code POST .../tasks} with a new id, and {@code GET .../tasks/{id}} of such a task with
 *       its state, which moves QUEUED, INITIALIZING, RUNNING and then COMPLETE after {@code
 *       pollsToComplete} polls.</li>
 * </ul>
 *
 * <p>Every request needs {@code Authorization: Bearer bench-token}; anything else gets 401.
 * {@link #main(String[])} runs it as its own process (for the whole-process await benchmark),
 * printing {@code PORT <n>}.
 */
public final class TesBenchServer implements AutoCloseable {
  /** The bearer token. */
  public static final String TOKEN = "bench-token";

  /** The id of the static task. */
  public static final String STATIC_ID = "bench-task";

  /** The base path. */
  public static final String BASE = "/ga4gh/tes/v1";

  private static final byte[] SERVICE_INFO = (
      "{\"id\":\"org.example.tes.bench\",\"name\":\"bench\",\"type\":{\"group\":\"org.ga4gh\","
          + "\"artifact\":\"tes\",\"version\":\"1.1.0\"},\"organization\":{\"name\":\"bench\","
          + "\"url\":\"https://example.org\"},\"version\":\"1\",\"storage\":[\"s3://bench\"],"
          + "\"tesResources_backend_parameters\":[\"VmSize\"]}").getBytes(StandardCharsets.UTF_8);

  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final byte[] task;
  private final int pollsToComplete;
  private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  private TesBenchServer(int port, int threads, int pollsToComplete) throws IOException {
    this.task = taskJson();
    this.pollsToComplete = pollsToComplete;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    this.pool = threads <= 0 ? null : Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext(BASE + "/", this::handle);
    server.start();
  }

  /**
   * Starts a server on a free port; handlers run on the dispatcher thread (one call at a time).
   *
   * @return the server
   * @throws IOException if it cannot bind
   */
  public static TesBenchServer start() throws IOException {
    return new TesBenchServer(0, 0, 4);
  }

  /**
   * Starts a server for concurrent clients.
   *
   * @param port the port, 0 for any
   * @param threads handler threads
   * @param pollsToComplete polls of a created task until it is COMPLETE
   * @return the server
   * @throws IOException if it cannot bind
   */
  public static TesBenchServer start(int port, int threads, int pollsToComplete) throws IOException {
    return new TesBenchServer(port, threads, pollsToComplete);
  }

  /**
   * Runs the server in its own process until killed: {@code TesBenchServer [threads]
   * [pollsToComplete]}; prints {@code PORT <n>}.
   *
   * @param args handler threads (default 4) and polls to complete (default 5)
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int polls = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    TesBenchServer s = start(0, threads, polls);
    System.out.println("PORT " + s.port());
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * The port.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The root URL ({@code http://127.0.0.1:<port>}).
   *
   * @return the URL
   */
  public String rootUrl() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * How many requests were answered.
   *
   * @return the count
   */
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /**
   * The static task's JSON.
   *
   * @return UTF-8 JSON
   */
  public static byte[] taskJson() {
    try (InputStream in = TesBenchServer.class.getResourceAsStream("tes-task.json")) {
      if (in == null) {
        throw new IllegalStateException("tes-task.json is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      reply(ex, 401, "{\"msg\":\"unauthorized\",\"status_code\":401}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String path = ex.getRequestURI().getPath().substring(BASE.length());
    String method = ex.getRequestMethod();
    if (path.equals("/service-info")) {
      reply(ex, 200, SERVICE_INFO);
    } else if (path.equals("/tasks") && method.equals("POST")) {
      String id = "t-" + ids.incrementAndGet();
      polls.put(id, new AtomicInteger());
      reply(ex, 200, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/tasks/" + STATIC_ID)) {
      reply(ex, 200, task);
    } else if (path.startsWith("/tasks/") && method.equals("GET")) {
      String id = path.substring("/tasks/".length());
      AtomicInteger n = polls.get(id);
      if (n == null) {
        reply(ex, 404, "{\"msg\":\"not found\",\"status_code\":404}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      int p = n.incrementAndGet();
      String state = p >= pollsToComplete ? "COMPLETE" : p <= 1 ? "QUEUED" : p == 2 ? "INITIALIZING" : "RUNNING";
      reply(ex, 200, ("{\"id\":\"" + id + "\",\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8));
    } else {
      reply(ex, 404, "{\"msg\":\"no route\",\"status_code\":404}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}

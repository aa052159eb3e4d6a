package de.denbi.spe.testkit.tes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A stateful GA4GH TES server in the JVM, for tests of TES clients (ours and yours): service-info,
 * create, get with the MINIMAL/BASIC/FULL views, list with {@code name_prefix}, {@code state} and
 * {@code tag_key}/{@code tag_value} filters and page tokens, and cancel. It listens on 127.0.0.1
 * at a random port.
 *
 * <pre>{@code
 * try (FakeTesServer tes = FakeTesServer.builder().bearerToken("t0k3n").build().start()) {
 *   TesClient client = TesClient.builder().baseUrl(tes.url()).tokenSource(AccessTokenSource.of("t0k3n")).build();
 *   ...
 * }
 * }</pre>
 *
 * <h2>Execution model (honest: no containers run)</h2>
 *
 * A task moves {@code QUEUED -> INITIALIZING -> RUNNING -> (end)}; with {@link
 * Progression#ON_POLL} (the default) each {@code GET /tasks/{id}} moves it one step, with {@link
 * Progression#MANUAL} only {@link #advance(String)} does. At the end, the configured {@link
 * TaskRunner} (plain Java, default {@link TaskRunner#succeed()}) gives each executor's exit code
 * and output and the files it "wrote". The end state is {@code COMPLETE}, {@code
 * EXECUTOR_ERROR} (a non-zero exit not covered by {@code ignore_error}; later executors are
 * skipped) or {@code SYSTEM_ERROR} (the runner threw, a strict backend parameter is unsupported,
 * or staging failed).
 *
 * <p>With {@link Builder#stageFiles(boolean)} the fake really moves data: before running, it
 * downloads inputs with {@code http(s)} URLs (a presigned S3 URL works) and passes them, with
 * literal {@code content}, to the runner; afterwards it uploads each output the runner wrote
 * with an HTTP {@code PUT} to its URL (wildcard outputs: every matching file below {@code
 * url}/relative path), and lists them with their sizes in the task log. A missing output or a
 * URL scheme it cannot serve ({@code s3://}, {@code file://}) ends the task in {@code
 * SYSTEM_ERROR}. Without staging, URL inputs are not read and outputs are not written.
 *
 * <h2>Modes and faults</h2>
 *
 * <ul>
 *   <li>{@link Builder#apiVersion(String)} {@code "1.0.0"}: service-info says 1.0.0, state and
 *       tag filters are ignored (TES 1.0 has none), 1.1-only fields are dropped on submission,
 *       cancel goes straight to CANCELED (no CANCELING).</li>
 *   <li>{@link Dialect#FUNNEL}: base path {@code /v1}, grpc-gateway error bodies ({@code
 *       error}, {@code code}, {@code message}), an empty page is {@code {}}, zero exit codes are
 *       left out. {@link Dialect#TESK}: pre-service-info {@code {name, doc, storage}} without a
 *       version, state and tag filters ignored, Spring error bodies.</li>
 *   <li>Auth: {@link Builder#bearerToken(String)} (401 otherwise; {@link
 *       #acceptOnlyTokens(String...)} rotates at run time), or {@link Builder#basicAuth}.</li>
 *   <li>{@link #failNext(int, int, String, String)} answers matching requests with an error,
 *       {@link #delayRequests(Duration)} slows every reply, {@link Builder#ignorePaging(boolean)}
 *       sends everything in one page.</li>
 * </ul>
 *
 * <p>In {@link Dialect#STANDARD} mode every reply follows the official OpenAPI files of TES
 * 1.0.0 / 1.1.0 (except that MINIMAL tasks carry no {@code executors}, as the specification's
 * own view rules require). Every exchange is recorded ({@link #exchanges()}) for contract tests.
 *
 * @since 0.1.0
 */
public final class FakeTesServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_BODY = 16 * 1024 * 1024;
  private static final Set<String> TERMINAL =
      Set.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED", "PREEMPTED");
  private static final List<String> STEPS = List.of("QUEUED", "INITIALIZING", "RUNNING");

  /** Server flavours with the quirks of real servers. */
  public enum Dialect {
    /** Follows the specification. */
    STANDARD,
    /** Funnel (grpc-gateway): {@code /v1}, gRPC error bodies, omitted zero values. */
    FUNNEL,
    /** TESK: old service-info without a version, no state/tag filters, Spring error bodies. */
    TESK
  }

  /** How tasks move through their states. */
  public enum Progression {
    /** Each GET of a task moves it one step (default). */
    ON_POLL,
    /** Only {@link FakeTesServer#advance(String)} moves a task. */
    MANUAL
  }

  private final Builder config;
  private final Object lock = new Object();
  private final LinkedHashMap<String, StoredTask> tasks = new LinkedHashMap<>();
  private final ArrayDeque<RecordedExchange> exchanges = new ArrayDeque<>();
  private final List<Fault> faults = new ArrayList<>();
  private final Set<String> tokens;
  private final AtomicLong requests = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private final HttpClient staging;
  private volatile Duration delay = Duration.ZERO;
  private HttpServer server;
  private ExecutorService executor;

  private static final class StoredTask {
    final ObjectNode task;

    StoredTask(ObjectNode task) {
      this.task = task;
    }

    String state() {
      return task.path("state").asText();
    }
  }

  private record Fault(String method, Pattern path, int status, String body, int[] remaining) {}

  private FakeTesServer(Builder b) {
    this.config = b;
    this.tokens = Collections.synchronizedSet(new HashSet<>(b.tokens));
    this.staging = b.stagingClient != null ? b.stagingClient : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening on 127.0.0.1 at a random port.
   *
   * @return this server
   * @throws IllegalStateException if it cannot bind
   */
  public synchronized FakeTesServer start() {
    if (server != null) {
      return this;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("FakeTesServer cannot bind 127.0.0.1:" + config.port, e);
    }
    executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-tes-", 0).factory());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** Stops the server; connections to it are then refused. Tasks are kept until the object is dropped. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /**
   * The port.
   *
   * @return the port
   * @throws IllegalStateException if not started
   */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("FakeTesServer is not started");
    }
    return s.getAddress().getPort();
  }

  /**
   * The server root, e.g. {@code http://127.0.0.1:41234} (clients discover the base path).
   *
   * @return the root URL
   */
  public String rootUrl() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * The API base URL, e.g. {@code http://127.0.0.1:41234/ga4gh/tes/v1}.
   *
   * @return the base URL
   */
  public String url() {
    return rootUrl() + config.basePath;
  }

  /**
   * The base path, e.g. {@code /ga4gh/tes/v1}.
   *
   * @return the path
   */
  public String basePath() {
    return config.basePath;
  }

  /**
   * How many requests were answered (any path, any status).
   *
   * @return the count
   */
  public long requestCount() {
    return requests.get();
  }

  /**
   * The ids of the stored tasks, oldest first.
   *
   * @return the ids
   */
  public List<String> taskIds() {
    synchronized (lock) {
      return List.copyOf(tasks.keySet());
    }
  }

  /**
   * A stored task in the FULL view.
   *
   * @param id the task id
   * @return a copy of the task JSON
   * @throws IllegalArgumentException if there is no such task
   */
  public JsonNode task(String id) {
    synchronized (lock) {
      return stored(id).task.deepCopy();
    }
  }

  /**
   * A task's state.
   *
   * @param id the task id
   * @return the state name
   */
  public String state(String id) {
    synchronized (lock) {
      return stored(id).state();
    }
  }

  /**
   * Moves a task one step (QUEUED, INITIALIZING, RUNNING, end).
   *
   * @param id the task id
   * @return the new state
   */
  public String advance(String id) {
    synchronized (lock) {
      StoredTask t = stored(id);
      step(t);
      return t.state();
    }
  }

  /**
   * Runs a task to its end.
   *
   * @param id the task id
   * @return the end state
   */
  public String finish(String id) {
    synchronized (lock) {
      StoredTask t = stored(id);
      while (!TERMINAL.contains(t.state())) {
        step(t);
      }
      return t.state();
    }
  }

  /**
   * Sets a task's state directly (e.g. PREEMPTED, SYSTEM_ERROR, PAUSED).
   *
   * @param id the task id
   * @param state the state name
   */
  public void setState(String id, String state) {
    synchronized (lock) {
      StoredTask t = stored(id);
      t.task.put("state", state);
    }
  }

  /**
   * Accepts only these bearer tokens from now on (simulates an expired token).
   *
   * @param accepted the tokens
   */
  public void acceptOnlyTokens(String... accepted) {
    synchronized (tokens) {
      tokens.clear();
      tokens.addAll(List.of(accepted));
    }
  }

  /**
   * Answers the next {@code times} requests that match with an error.
   *
   * @param times how many requests
   * @param status the status code
   * @param method the HTTP method, or null for any
   * @param pathRegex a regular expression the path (below the base path, e.g. {@code /tasks})
   *     must match entirely, or null for any
   */
  public void failNext(int times, int status, String method, String pathRegex) {
    failNext(times, status, method, pathRegex, null);
  }

  /**
   * Answers the next {@code times} matching requests with an error and a body of your own.
   *
   * @param times how many requests
   * @param status the status code
   * @param method the HTTP method, or null for any
   * @param pathRegex the path below the base path, or null for any
   * @param body the body, or null for the dialect's error body
   */
  public void failNext(int times, int status, String method, String pathRegex, String body) {
    synchronized (faults) {
      faults.add(new Fault(method, pathRegex == null ? null : Pattern.compile(pathRegex), status, body, new int[] {times}));
    }
  }

  /**
   * Delays every reply.
   *
   * @param d the delay, zero for none
   */
  public void delayRequests(Duration d) {
    this.delay = Objects.requireNonNull(d, "delay");
  }

  /**
   * The recorded exchanges, oldest first (at most {@link Builder#recordExchanges(int)}).
   *
   * @return a copy
   */
  public List<RecordedExchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  /** Forgets the recorded exchanges. */
  public void clearExchanges() {
    synchronized (exchanges) {
      exchanges.clear();
    }
  }

  @Override
  public String toString() {
    return "FakeTesServer[" + (server == null ? "stopped" : url()) + ", " + config.dialect + ", TES " + config.version + "]";
  }

  // ------------------------------------------------------------------------------------------

  private record Reply(int status, String body, Map<String, String> headers) {}

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    byte[] body;
    Reply reply;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    try {
      Duration d = delay;
      if (!d.isZero()) {
        Thread.sleep(d.toMillis());
      }
      if (body.length > MAX_BODY) {
        reply = error(413, "request body larger than " + MAX_BODY + " bytes", path);
      } else {
        reply = route(method, path, query, body, ex.getRequestHeaders().getFirst("Authorization"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = error(503, "server stopping", path);
    } catch (RuntimeException e) {
      reply = error(500, "fake TES failed: " + e, path);
    }
    byte[] out = reply.body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    reply.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    record(ex, method, path, query, body, reply);
    ex.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private void record(HttpExchange ex, String method, String path, String query, byte[] body, Reply reply) {
    if (config.recordLimit <= 0) {
      return;
    }
    Map<String, List<String>> rq = new TreeMap<>();
    ex.getRequestHeaders().forEach((k, v) -> rq.put(k.toLowerCase(Locale.ROOT), k.equalsIgnoreCase("Authorization") ? List.of("<redacted>") : List.copyOf(v)));
    Map<String, List<String>> rs = new TreeMap<>();
    rs.put("content-type", List.of("application/json"));
    reply.headers.forEach((k, v) -> rs.put(k.toLowerCase(Locale.ROOT), List.of(v)));
    RecordedExchange r = new RecordedExchange(method, path, query, rq, new String(body, StandardCharsets.UTF_8), reply.status, rs, reply.body);
    synchronized (exchanges) {
      exchanges.addLast(r);
      while (exchanges.size() > config.recordLimit) {
        exchanges.removeFirst();
      }
    }
  }

  private Reply route(String method, String path, String rawQuery, byte[] body, String auth) {
    String rel = path.startsWith(config.basePath + "/") ? path.substring(config.basePath.length()) : null;
    Reply injected = injectedFault(method, rel == null ? path : rel);
    if (injected != null) {
      return injected;
    }
    if (!authorized(auth)) {
      return new Reply(401, errorBody(401, "missing or invalid credentials", path),
          Map.of("WWW-Authenticate", config.basicUser != null ? "Basic realm=\"tes\"" : "Bearer"));
    }
    if (rel == null) {
      return error(404, "no such path " + path + " (the API is below " + config.basePath + ")", path);
    }
    Map<String, List<String>> q = parseQuery(rawQuery);
    if (rel.equals("/service-info")) {
      return method.equals("GET") ? ok(serviceInfo()) : error(405, "method not allowed", path);
    }
    if (rel.equals("/tasks")) {
      return switch (method) {
        case "GET" -> list(q, path);
        case "POST" -> create(body, path);
        default -> error(405, "method not allowed", path);
      };
    }
    if (rel.startsWith("/tasks/")) {
      String rest = rel.substring("/tasks/".length());
      if (rest.endsWith(":cancel")) {
        String id = decode(rest.substring(0, rest.length() - ":cancel".length()));
        return method.equals("POST") ? cancel(id, path) : error(405, "method not allowed", path);
      }
      String id = decode(rest);
      return method.equals("GET") ? get(id, q, path) : error(405, "method not allowed", path);
    }
    return error(404, "no such path " + path, path);
  }

  private Reply injectedFault(String method, String rel) {
    synchronized (faults) {
      for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
        Fault f = it.next();
        if ((f.method == null || f.method.equalsIgnoreCase(method)) && (f.path == null || f.path.matcher(rel).matches())) {
          if (--f.remaining[0] <= 0) {
            it.remove();
          }
          return new Reply(f.status, f.body != null ? f.body : errorBody(f.status, "injected fault", rel), Map.of());
        }
      }
    }
    return null;
  }

  private boolean authorized(String auth) {
    if (config.basicUser != null) {
      String expected = "Basic " + Base64.getEncoder().encodeToString(
          (config.basicUser + ":" + config.basicPassword).getBytes(StandardCharsets.UTF_8));
      return expected.equals(auth);
    }
    synchronized (tokens) {
      if (tokens.isEmpty() && !config.requireToken) {
        return true;
      }
      return auth != null && auth.startsWith("Bearer ") && tokens.contains(auth.substring(7).strip());
    }
  }

  private ObjectNode serviceInfo() {
    ObjectNode n = NODES.objectNode();
    if (config.dialect == Dialect.TESK) {
      n.put("name", "TESK");
      n.put("doc", "GA4GH TES Server implementation for Kubernetes (SPE SDK fake)");
      n.putArray("storage");
      return n;
    }
    n.put("id", config.serviceId);
    n.put("name", config.dialect == Dialect.FUNNEL ? "Funnel" : "Fake TES");
    ObjectNode type = n.putObject("type");
    type.put("group", "org.ga4gh");
    type.put("artifact", "tes");
    type.put("version", config.version);
    n.put("description", "In-JVM TES server of the SPE SDK testkit; runs no containers.");
    ObjectNode org = n.putObject("organization");
    org.put("name", "SPE SDK testkit");
    org.put("url", "https://github.com/denbi/spe-sdk");
    n.put("version", "0.1.0");
    ArrayNode storage = n.putArray("storage");
    storage.add(config.stageFiles ? "https://" : "file:///fake-tes/storage");
    if (v11()) {
      ArrayNode bp = n.putArray("tesResources_backend_parameters");
      config.backendParameters.forEach(bp::add);
    }
    return n;
  }

  private Reply create(byte[] body, String path) {
    JsonNode in;
    try {
      in = JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "the body is not JSON: " + e.getMessage(), path);
    }
    if (in == null || !in.isObject()) {
      return error(400, "the body must be a tesTask object", path);
    }
    String problem = validate(in);
    if (problem != null) {
      return error(400, problem, path);
    }
    ObjectNode task = ((ObjectNode) in).deepCopy();
    task.remove(List.of("id", "state", "logs", "creation_time"));
    List<String> systemLogs = new ArrayList<>();
    if (!v11()) {
      strip11(task);
    } else {
      JsonNode bp = task.path("resources").path("backend_parameters");
      if (bp.isObject()) {
        List<String> unsupported = new ArrayList<>();
        bp.fieldNames().forEachRemaining(k -> {
          if (config.backendParameters.stream().noneMatch(s -> s.equalsIgnoreCase(k))) {
            unsupported.add(k);
          }
        });
        unsupported.forEach(((ObjectNode) bp)::remove);
        if (!unsupported.isEmpty()) {
          systemLogs.add("unsupported backend_parameters ignored: " + unsupported);
          if (task.path("resources").path("backend_parameters_strict").asBoolean(false)) {
            systemLogs.add("backend_parameters_strict is set: failing the task");
          }
        }
      }
    }
    String id = "task-" + HexFormat.of().formatHex(bytes(6));
    task.put("id", id);
    task.put("state", "QUEUED");
    task.put("creation_time", now());
    synchronized (lock) {
      StoredTask t = new StoredTask(task);
      tasks.put(id, t);
      if (!systemLogs.isEmpty() && task.path("resources").path("backend_parameters_strict").asBoolean(false)) {
        endWith(t, "SYSTEM_ERROR", List.of(), List.of(), systemLogs);
      } else if (!systemLogs.isEmpty()) {
        task.putArray("_pending_system_logs").addAll(systemLogs.stream().map(NODES::textNode).toList());
      }
    }
    ObjectNode r = NODES.objectNode();
    r.put("id", id);
    return ok(r);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String validate(JsonNode t) {
    JsonNode ex = t.get("executors");
    if (ex == null || !ex.isArray() || ex.isEmpty()) {
      return "executors: at least one executor is required";
    }
    for (int i = 0; i < ex.size(); i++) {
      JsonNode e = ex.get(i);
      if (!e.path("image").isTextual() || e.path("image").asText().isBlank()) {
        return "executors[" + i + "].image is required";
      }
      if (!e.path("command").isArray() || e.path("command").isEmpty()) {
        return "executors[" + i + "].command is required";
      }
    }
    JsonNode ins = t.path("inputs");
    for (int i = 0; i < ins.size(); i++) {
      JsonNode in = ins.get(i);
      if (!in.path("path").asText("").startsWith("/")) {
        return "inputs[" + i + "].path must be absolute";
      }
      if (!in.hasNonNull("url") && !in.hasNonNull("content")) {
        return "inputs[" + i + "]: url or content is required";
      }
    }
    JsonNode outs = t.path("outputs");
    for (int i = 0; i < outs.size(); i++) {
      JsonNode o = outs.get(i);
      if (!o.path("path").asText("").startsWith("/") || !o.hasNonNull("url")) {
        return "outputs[" + i + "]: an absolute path and a url are required";
      }
    }
    return null;
  }

  private static void strip11(ObjectNode task) {
    JsonNode res = task.get("resources");
    if (res instanceof ObjectNode r) {
      r.remove(List.of("backend_parameters", "backend_parameters_strict"));
    }
    task.path("executors").forEach(e -> ((ObjectNode) e).remove("ignore_error"));
    task.path("inputs").forEach(i -> ((ObjectNode) i).remove("streamable"));
    task.path("outputs").forEach(o -> ((ObjectNode) o).remove("path_prefix"));
  }

  private Reply get(String id, Map<String, List<String>> q, String path) {
    String view = first(q, "view", "MINIMAL");
    if (!Set.of("MINIMAL", "BASIC", "FULL").contains(view)) {
      return error(400, "view must be MINIMAL, BASIC or FULL", path);
    }
    synchronized (lock) {
      StoredTask t = tasks.get(id);
      if (t == null) {
        return error(404, "task " + id + " not found", path);
      }
      if (config.progression == Progression.ON_POLL) {
        step(t);
      }
      return ok(render(t.task, view));
    }
  }

  private Reply cancel(String id, String path) {
    synchronized (lock) {
      StoredTask t = tasks.get(id);
      if (t == null) {
        return error(404, "task " + id + " not found", path);
      }
      if (!TERMINAL.contains(t.state())) {
        t.task.put("state", v11() ? "CANCELING" : "CANCELED");
      }
    }
    return ok(NODES.objectNode());
  }

  private Reply list(Map<String, List<String>> q, String path) {
    String view = first(q, "view", "MINIMAL");
    if (!Set.of("MINIMAL", "BASIC", "FULL").contains(view)) {
      return error(400, "view must be MINIMAL, BASIC or FULL", path);
    }
    int pageSize;
    try {
      pageSize = Integer.parseInt(first(q, "page_size", String.valueOf(config.defaultPageSize)));
    } catch (NumberFormatException e) {
      return error(400, "page_size must be an integer", path);
    }
    if (pageSize < 1 || pageSize >= 2048) {
      return error(400, "page_size must be between 1 and 2047", path);
    }
    int offset = 0;
    String token = first(q, "page_token", null);
    if (token != null && !config.ignorePaging) {
      try {
        String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        if (!s.startsWith("o:")) {
          throw new IllegalArgumentException();
        }
        offset = Integer.parseInt(s.substring(2));
      } catch (IllegalArgumentException e) {
        return error(400, "invalid page_token", path);
      }
    }
    String prefix = first(q, "name_prefix", null);
    boolean filters11 = v11() && config.dialect != Dialect.TESK;
    String state = filters11 ? first(q, "state", null) : null;
    List<String> keys = filters11 ? q.getOrDefault("tag_key", List.of()) : List.of();
    List<String> values = filters11 ? q.getOrDefault("tag_value", List.of()) : List.of();
    List<ObjectNode> matching = new ArrayList<>();
    synchronized (lock) {
      List<StoredTask> all = new ArrayList<>(tasks.values());
      Collections.reverse(all); // newest first, as Funnel lists
      for (StoredTask t : all) {
        if (prefix != null && !t.task.path("name").asText("").startsWith(prefix)) {
          continue;
        }
        if (state != null && !state.equals(t.state())) {
          continue;
        }
        if (!tagsMatch(t.task.path("tags"), keys, values)) {
          continue;
        }
        matching.add(render(t.task, view));
      }
    }
    ObjectNode r = NODES.objectNode();
    List<ObjectNode> page;
    String next = null;
    if (config.ignorePaging) {
      page = matching;
    } else {
      int end = Math.min(matching.size(), offset + pageSize);
      page = offset >= matching.size() ? List.of() : matching.subList(offset, end);
      if (end < matching.size()) {
        next = Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + end).getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!(config.dialect == Dialect.FUNNEL && page.isEmpty())) {
      r.putArray("tasks").addAll(page);
    }
    if (next != null) {
      r.put("next_page_token", next);
    }
    return ok(r);
  }

  private static boolean tagsMatch(JsonNode tags, List<String> keys, List<String> values) {
    for (int i = 0; i < keys.size(); i++) {
      String want = i < values.size() ? values.get(i) : "";
      JsonNode have = tags.get(keys.get(i));
      if (have == null || (!want.isEmpty() && !want.equals(have.asText()))) {
        return false;
      }
    }
    return true;
  }

  private ObjectNode render(ObjectNode task, String view) {
    ObjectNode out;
    if (view.equals("MINIMAL")) {
      out = NODES.objectNode();
      out.put("id", task.path("id").asText());
      out.put("state", task.path("state").asText());
      return out;
    }
    out = task.deepCopy();
    out.remove("_pending_system_logs");
    if (view.equals("BASIC")) {
      out.path("inputs").forEach(i -> ((ObjectNode) i).remove("content"));
      out.path("logs").forEach(l -> {
        ((ObjectNode) l).remove("system_logs");
        l.path("logs").forEach(e -> ((ObjectNode) e).remove(List.of("stdout", "stderr")));
      });
    }
    return out;
  }

  // ---- the execution model ------------------------------------------------------------------

  private void step(StoredTask t) {
    String s = t.state();
    if (TERMINAL.contains(s) || s.equals("PAUSED")) {
      return;
    }
    if (s.equals("CANCELING")) {
      t.task.put("state", "CANCELED");
      return;
    }
    int i = STEPS.indexOf(s);
    if (i >= 0 && i < STEPS.size() - 1) {
      t.task.put("state", STEPS.get(i + 1));
      return;
    }
    execute(t);
  }

  private void execute(StoredTask t) {
    List<String> systemLogs = new ArrayList<>();
    t.task.path("_pending_system_logs").forEach(n -> systemLogs.add(n.asText()));
    Map<String, byte[]> inputs = new LinkedHashMap<>();
    for (JsonNode in : t.task.path("inputs")) {
      String p = in.path("path").asText();
      if (in.hasNonNull("content")) {
        inputs.put(p, in.get("content").asText().getBytes(StandardCharsets.UTF_8));
      } else if (config.stageFiles) {
        String url = in.path("url").asText();
        try {
          inputs.put(p, download(url));
        } catch (IOException | RuntimeException e) {
          systemLogs.add("staging input " + p + " failed: " + e.getMessage());
          endWith(t, "SYSTEM_ERROR", List.of(), List.of(), systemLogs);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    TaskRunner.Result result;
    try {
      result = config.runner.run(new TaskRunner.Context(t.task.deepCopy(), Collections.unmodifiableMap(inputs)));
    } catch (Exception e) {
      systemLogs.add("runner failed: " + e);
      endWith(t, "SYSTEM_ERROR", List.of(), List.of(), systemLogs);
      return;
    }
    List<TaskRunner.ExecutorResult> ran = new ArrayList<>();
    String end = "COMPLETE";
    JsonNode executors = t.task.path("executors");
    for (int i = 0; i < result.executors().size() && i < executors.size(); i++) {
      TaskRunner.ExecutorResult r = result.executors().get(i);
      ran.add(r);
      if (r.exitCode() != 0 && !(v11() && executors.get(i).path("ignore_error").asBoolean(false))) {
        end = "EXECUTOR_ERROR";
        break;
      }
    }
    List<ObjectNode> outputLogs = new ArrayList<>();
    if (end.equals("COMPLETE") && config.stageFiles) {
      try {
        for (JsonNode o : t.task.path("outputs")) {
          outputLogs.addAll(upload(o, result.files()));
        }
      } catch (IOException | RuntimeException e) {
        systemLogs.add("uploading outputs failed: " + e.getMessage());
        end = "SYSTEM_ERROR";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    endWith(t, end, ran, outputLogs, systemLogs);
  }

  private void endWith(StoredTask t, String state, List<TaskRunner.ExecutorResult> ran, List<ObjectNode> outputs, List<String> systemLogs) {
    String now = now();
    ObjectNode log = NODES.objectNode();
    ArrayNode execLogs = log.putArray("logs");
    for (TaskRunner.ExecutorResult r : ran) {
      ObjectNode e = execLogs.addObject();
      e.put("start_time", now);
      e.put("end_time", now);
      e.put("stdout", r.stdout());
      e.put("stderr", r.stderr());
      if (!(config.dialect == Dialect.FUNNEL && r.exitCode() == 0)) {
        e.put("exit_code", r.exitCode());
      }
    }
    ObjectNode meta = log.putObject("metadata");
    meta.put("host", "fake-tes");
    meta.put("runner", "java (no containers)");
    log.put("start_time", now);
    log.put("end_time", now);
    log.putArray("outputs").addAll(outputs);
    ArrayNode sl = log.putArray("system_logs");
    systemLogs.forEach(sl::add);
    t.task.putArray("logs").add(log);
    t.task.remove("_pending_system_logs");
    t.task.put("state", state);
  }

  private byte[] download(String url) throws IOException, InterruptedException {
    URI u = URI.create(url);
    if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
      throw new IOException("the fake TES server can only fetch http(s) URLs, not " + u.getScheme() + "://");
    }
    HttpResponse<byte[]> r = staging.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("GET " + u.getHost() + u.getPath() + " answered HTTP " + r.statusCode());
    }
    return r.body();
  }

  private List<ObjectNode> upload(JsonNode output, Map<String, byte[]> files) throws IOException, InterruptedException {
    String path = output.path("path").asText();
    String url = output.path("url").asText();
    Map<String, String> targets = new LinkedHashMap<>();
    boolean wildcard = v11() && (path.contains("*") || path.contains("?") || path.contains("["));
    if (wildcard) {
      String prefix = output.path("path_prefix").asText("");
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + path);
      for (String f : new TreeMap<>(files).keySet()) {
        if (m.matches(Path.of(f))) {
          String rel = f.startsWith(prefix) ? f.substring(prefix.length()) : f;
          targets.put(f, (url.endsWith("/") ? url : url + "/") + rel.replaceFirst("^/+", ""));
        }
      }
    } else {
      if (!files.containsKey(path)) {
        throw new IOException("output " + path + " was not produced by the executors");
      }
      targets.put(path, url);
    }
    List<ObjectNode> logs = new ArrayList<>();
    for (Map.Entry<String, String> e : targets.entrySet()) {
      URI u = URI.create(e.getValue());
      if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
        throw new IOException("the fake TES server can only upload to http(s) URLs, not " + u.getScheme() + "://");
      }
      byte[] content = files.get(e.getKey());
      HttpResponse<String> r = staging.send(
          HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("PUT " + u.getHost() + u.getPath() + " answered HTTP " + r.statusCode());
      }
      ObjectNode l = NODES.objectNode();
      l.put("url", stripQuery(e.getValue()));
      l.put("path", e.getKey());
      l.put("size_bytes", String.valueOf(content.length));
      logs.add(l);
    }
    return logs;
  }

  private static String stripQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q); // presigned signatures never go into task logs
  }

  // ---- helpers ----------------------------------------------------------------------------

  private boolean v11() {
    return !config.version.startsWith("1.0");
  }

  private StoredTask stored(String id) {
    StoredTask t = tasks.get(id);
    if (t == null) {
      throw new IllegalArgumentException("FakeTesServer has no task " + id);
    }
    return t;
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private Reply ok(JsonNode n) {
    try {
      return new Reply(200, JSON.writeValueAsString(n), Map.of());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply error(int status, String message, String path) {
    return new Reply(status, errorBody(status, message, path), Map.of());
  }

  private String errorBody(int status, String message, String path) {
    ObjectNode n = NODES.objectNode();
    switch (config.dialect) {
      case FUNNEL -> {
        int grpc = switch (status) {
          case 400 -> 3;
          case 401 -> 16;
          case 403 -> 7;
          case 404 -> 5;
          case 409 -> 6;
          case 429 -> 8;
          case 503 -> 14;
          default -> 13;
        };
        n.put("error", message);
        n.put("code", grpc);
        n.put("message", message);
      }
      case TESK -> {
        n.put("timestamp", now());
        n.put("status", status);
        n.put("error", reason(status));
        n.put("message", message);
        n.put("path", path);
      }
      default -> {
        n.put("msg", message);
        n.put("status_code", status);
      }
    }
    return n.toString();
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String first(Map<String, List<String>> q, String k, String dflt) {
    List<String> v = q.get(k);
    return v == null || v.isEmpty() ? dflt : v.get(0);
  }

  /**
   * Builds a {@link FakeTesServer}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String version = "1.1.0";
    private Dialect dialect = Dialect.STANDARD;
    private String basePath;
    private int port;
    private final Set<String> tokens = new HashSet<>();
    private boolean requireToken;
    private String basicUser;
    private String basicPassword;
    private Progression progression = Progression.ON_POLL;
    private TaskRunner runner = TaskRunner.succeed();
    private boolean stageFiles;
    private HttpClient stagingClient;
    private boolean ignorePaging;
    private int defaultPageSize = 256;
    private int recordLimit = 1000;
    private String serviceId = "de.denbi.spe.testkit.fake-tes";
    private final List<String> backendParameters = new ArrayList<>(List.of("VmSize"));

    private Builder() {}

    /**
     * The TES version to speak: {@code "1.1.0"} (default) or {@code "1.0.0"}.
     *
     * @param v the version
     * @return this builder
     */
    public Builder apiVersion(String v) {
      if (!v.equals("1.0.0") && !v.equals("1.1.0")) {
        throw new IllegalArgumentException("apiVersion must be 1.0.0 or 1.1.0, was " + v);
      }
      this.version = v;
      return this;
    }

    /**
     * The server flavour (default {@link Dialect#STANDARD}).
     *
     * @param d the dialect
     * @return this builder
     */
    public Builder dialect(Dialect d) {
      this.dialect = Objects.requireNonNull(d, "dialect");
      return this;
    }

    /**
     * The base path (default {@code /ga4gh/tes/v1}, {@code /v1} for Funnel; {@code ""} for the
     * root).
     *
     * @param path the path, starting with {@code /}, or empty
     * @return this builder
     */
    public Builder basePath(String path) {
      if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
        throw new IllegalArgumentException("basePath must start and not end with /, was " + path);
      }
      this.basePath = path;
      return this;
    }

    /**
     * A fixed port (default: a random free one).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} with this token (may be repeated).
     *
     * @param token an accepted token
     * @return this builder
     */
    public Builder bearerToken(String token) {
      this.tokens.add(Objects.requireNonNull(token, "token"));
      this.requireToken = true;
      return this;
    }

    /**
     * Requires HTTP basic authentication (Funnel).
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, String password) {
      this.basicUser = Objects.requireNonNull(user, "user");
      this.basicPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * How tasks progress (default {@link Progression#ON_POLL}).
     *
     * @param p the progression
     * @return this builder
     */
    public Builder progression(Progression p) {
      this.progression = Objects.requireNonNull(p, "progression");
      return this;
    }

    /**
     * What stands in for running the executors (default {@link TaskRunner#succeed()}).
     *
     * @param r the runner
     * @return this builder
     */
    public Builder runner(TaskRunner r) {
      this.runner = Objects.requireNonNull(r, "runner");
      return this;
    }

    /**
     * Whether to download http(s) inputs and upload outputs (default false).
     *
     * @param stage true to move data
     * @return this builder
     */
    public Builder stageFiles(boolean stage) {
      this.stageFiles = stage;
      return this;
    }

    /**
     * The HTTP client used for staging (e.g. one trusting a test CA).
     *
     * @param client the client
     * @return this builder
     */
    public Builder stagingHttpClient(HttpClient client) {
      this.stagingClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sends every listing in one page without a next token (a server that ignores paging).
     *
     * @param ignore true to ignore paging
     * @return this builder
     */
    public Builder ignorePaging(boolean ignore) {
      this.ignorePaging = ignore;
      return this;
    }

    /**
     * The page size when the client sends none (default 256).
     *
     * @param size 1 to 2047
     * @return this builder
     */
    public Builder defaultPageSize(int size) {
      if (size < 1 || size >= 2048) {
        throw new IllegalArgumentException("defaultPageSize must be 1..2047");
      }
      this.defaultPageSize = size;
      return this;
    }

    /**
     * How many exchanges to keep for {@link FakeTesServer#exchanges()} (default 1000; 0 for
     * none, e.g. in benchmarks).
     *
     * @param max the most kept, oldest dropped first
     * @return this builder
     */
    public Builder recordExchanges(int max) {
      this.recordLimit = Math.max(0, max);
      return this;
    }

    /**
     * The service-info id (default {@code de.denbi.spe.testkit.fake-tes}).
     *
     * @param id the id
     * @return this builder
     */
    public Builder serviceId(String id) {
      this.serviceId = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * The backend parameter keys it supports (TES 1.1; default {@code VmSize}).
     *
     * @param keys the keys
     * @return this builder
     */
    public Builder backendParameters(String... keys) {
      this.backendParameters.clear();
      this.backendParameters.addAll(List.of(keys));
      return this;
    }

    /**
     * Builds the server (not started).
     *
     * @return the server
     */
    public FakeTesServer build() {
      if (basePath == null) {
        basePath = dialect == Dialect.FUNNEL ? "/v1" : "/ga4gh/tes/v1";
      }
      return new FakeTesServer(this);
    }
  }
}

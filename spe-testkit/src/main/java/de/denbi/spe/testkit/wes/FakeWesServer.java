package de.denbi.spe.testkit.wes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.denbi.spe.core.json.SpeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stateful GA4GH WES server in the JVM, on a random port of 127.0.0.1, for tests of code that
 * talks to WES: WES 1.0.0, 1.1.0, or WESkit's dialect ({@link WesFlavor}). Its replies follow the
 * official WES specifications (the module's contract tests check them against the files).
 *
 * <ul>
 *   <li>Every request needs {@code Authorization: Bearer <token>} with an accepted token, else
 *       401 with an {@code ErrorResponse} (WESkit's service-info is open, as at WESkit).</li>
 *   <li>Runs move through a scripted list of states, one step per {@link
 *       Builder#pollsPerState(int)} reads of their status or log; {@link #setState} jumps.</li>
 *   <li>Run submissions are read as streamed multipart/form-data: attachments are hashed, not
 *       kept, so uploads of any size work; names with {@code ..} or a leading {@code /} are
 *       rejected with 400.</li>
 *   <li>Listings honour or ignore paging ({@link Paging}).</li>
 *   <li>Errors, raw replies and delays can be injected.</li>
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeWesServer wes = FakeWesServer.builder().flavor(WesFlavor.WESKIT).token("t0k3n").build();
 * ... WesClient.builder().baseUrl(wes.baseUrl()).tokenSource(AccessTokenSource.of("t0k3n")) ...
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FakeWesServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {

  /** The base path of the WES API. */
  public static final String BASE_PATH = "/ga4gh/wes/v1";

  private static final Set<String> STATES =
      Set.of(
          "UNKNOWN", "QUEUED", "INITIALIZING", "RUNNING", "PAUSED", "COMPLETE", "EXECUTOR_ERROR",
          "SYSTEM_ERROR", "CANCELED", "CANCELING", "PREEMPTED");
  private static final Set<String> TERMINAL =
      Set.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED", "PREEMPTED");
  private static final Set<String> FORM_FIELDS_1_0 =
      Set.of(
          "workflow_params", "workflow_type", "workflow_type_version", "tags",
          "workflow_engine_parameters", "workflow_url", "workflow_attachment");
  private static final Set<String> FORM_FIELDS_1_1 =
      Set.of(
          "workflow_params", "workflow_type", "workflow_type_version", "tags", "workflow_engine",
          "workflow_engine_version", "workflow_engine_parameters", "workflow_url",
          "workflow_attachment");
  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}$");
  private static final Pattern WESKIT_FORBIDDEN = Pattern.compile("[;'\"\\[\\]{}()$]");
  private static final int MAX_FIELD_BYTES = 1024 * 1024;

  private final WesFlavor flavor;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final List<String> script;
  private final int pollsPerState;
  private final int tasksPerRun;
  private final int defaultPageSize;
  private final int syntheticRuns;
  private volatile Paging paging;
  private volatile Duration delay = Duration.ZERO;
  private final ObjectMapper json = SpeJson.mapper();
  private final Map<String, Run> runs = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Injection> injections = new CopyOnWriteArrayList<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final int maxRecorded;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong counter = new AtomicLong();

  private HttpServer server;
  private ExecutorService executor;
  private Owner owner = Owner.NONE;

  private enum Owner { NONE, USER, CLASS, METHOD }

  private FakeWesServer(Builder b) {
    this.flavor = b.flavor;
    this.tokens.addAll(b.tokens);
    this.script = List.copyOf(b.script);
    this.pollsPerState = b.pollsPerState;
    this.tasksPerRun = b.tasksPerRun;
    this.defaultPageSize = b.defaultPageSize;
    this.syntheticRuns = b.syntheticRuns;
    this.paging = b.paging != null ? b.paging : flavor == WesFlavor.WESKIT ? Paging.IGNORE : Paging.HONOUR;
    this.maxRecorded = b.maxRecordedExchanges;
  }

  /**
   * A new builder (WES 1.1, token {@code test-token}).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------- lifecycle

  /**
   * Starts the server if it is not running.
   *
   * @return this server
   */
  public synchronized FakeWesServer start() {
    startAs(Owner.USER);
    return this;
  }

  private void startAs(Owner who) {
    if (owner != Owner.NONE) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start FakeWesServer: " + e, e);
    }
    executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-wes-", 0).factory());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    owner = who;
  }

  /** Stops the server; closing a stopped server does nothing. */
  @Override
  public synchronized void close() {
    if (owner == Owner.NONE) {
      return;
    }
    owner = Owner.NONE;
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (this) {
      startAs(Owner.CLASS);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    synchronized (this) {
      if (owner == Owner.CLASS) {
        close();
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    synchronized (this) {
      startAs(Owner.METHOD);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    synchronized (this) {
      if (owner == Owner.METHOD) {
        close();
      }
    }
  }

  /**
   * The WES base URL, {@code http://127.0.0.1:<port>/ga4gh/wes/v1}.
   *
   * @return the URL
   */
  public synchronized URI baseUrl() {
    if (owner == Owner.NONE) {
      throw new IllegalStateException(
          "FakeWesServer is not started: register it with @RegisterExtension or call start()");
    }
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
  }

  /**
   * Which server this imitates.
   *
   * @return the flavor
   */
  public WesFlavor flavor() {
    return flavor;
  }

  // ---------------------------------------------------------------------------- test control

  /**
   * Accepts another bearer token from now on.
   *
   * @param token the token
   */
  public void acceptToken(String token) {
    tokens.add(Objects.requireNonNull(token, "token"));
  }

  /**
   * Rejects a token from now on (401).
   *
   * @param token the token
   */
  public void revokeToken(String token) {
    tokens.remove(token);
  }

  /**
   * Changes the paging behaviour.
   *
   * @param paging the behaviour
   */
  public void paging(Paging paging) {
    this.paging = Objects.requireNonNull(paging, "paging");
  }

  /**
   * Delays every reply from now on.
   *
   * @param delay the delay, zero for none
   */
  public void delay(Duration delay) {
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /**
   * Answers the next {@code times} requests whose method and path match with an error reply
   * ({@code {"msg": message, "status_code": status}}).
   *
   * @param method the HTTP method, or {@code *}
   * @param pathRegex a regular expression for the whole path (e.g. {@code .*&#47;status})
   * @param status the status
   * @param message the message
   * @param times how many requests
   */
  public void failNext(String method, String pathRegex, int status, String message, int times) {
    ObjectNode body = json.createObjectNode().put("msg", message).put("status_code", status);
    respondNext(method, pathRegex, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8), times);
  }

  /**
   * Answers the next {@code times} matching requests with exactly these bytes (for hostile
   * replies: truncated JSON, wrong types, huge bodies).
   *
   * @param method the HTTP method, or {@code *}
   * @param pathRegex a regular expression for the whole path
   * @param status the status
   * @param contentType the content type
   * @param body the body
   * @param times how many requests
   */
  public void respondNext(
      String method, String pathRegex, int status, String contentType, byte[] body, int times) {
    injections.add(
        new Injection(method, Pattern.compile(pathRegex), status, contentType, body.clone(), times));
  }

  /**
   * Sets a run's state.
   *
   * @param runId the run
   * @param state a WES state
   */
  public void setState(String runId, String state) {
    requireState(state);
    Run r = runs.get(runId);
    if (r == null) {
      throw new IllegalArgumentException("no run " + runId);
    }
    synchronized (r) {
      r.state = state;
      r.pinned = true;
    }
  }

  /**
   * A snapshot of a run.
   *
   * @param runId the run id
   * @return it, if the server has it
   */
  public Optional<FakeRun> run(String runId) {
    Run r = runs.get(runId);
    if (r == null) {
      return Optional.empty();
    }
    synchronized (r) {
      return Optional.of(new FakeRun(r.id, r.state, r.form, r.attachments, r.polls));
    }
  }

  /**
   * The ids of all submitted runs, in order.
   *
   * @return the ids
   */
  public List<String> runIds() {
    synchronized (runs) {
      return List.copyOf(runs.keySet());
    }
  }

  /**
   * The requests served so far (the last {@link Builder#maxRecordedExchanges(int)}), with the
   * replies, for contract checks.
   *
   * @return the exchanges, oldest first
   */
  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /**
   * How many requests were received (including rejected ones).
   *
   * @return the count
   */
  public long requestCount() {
    return requests.get();
  }

  /**
   * How many requests with this method and path prefix were recorded.
   *
   * @param method the method
   * @param pathPrefix the path prefix, e.g. {@code /ga4gh/wes/v1/runs}
   * @return the count
   */
  public long count(String method, String pathPrefix) {
    return exchanges.stream()
        .filter(e -> e.method().equals(method) && e.path().startsWith(pathPrefix))
        .count();
  }

  /** Forgets runs, recorded exchanges and injections. */
  public void reset() {
    runs.clear();
    exchanges.clear();
    injections.clear();
    delay = Duration.ZERO;
  }

  // --------------------------------------------------------------------------------- serving

  private record Reply(int status, String contentType, byte[] body) {}

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    Reply reply;
    try {
      Duration d = delay;
      if (!d.isZero()) {
        Thread.sleep(d.toMillis());
      }
      reply = injected(method, path);
      if (reply == null) {
        reply = route(ex, method, path, query);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = error(503, "server shutting down");
    } catch (BadRequest e) {
      reply = error(e.status, e.getMessage());
    } catch (RuntimeException e) {
      reply = error(500, "fake server failure: " + e);
    }
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // the client went away
    }
    record(new Exchange(method, path, query, ex.getRequestHeaders().getFirst("Content-Type"),
        reply.status(), reply.contentType(), reply.body().length <= 1024 * 1024 ? reply.body() : null));
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    ex.getResponseHeaders().set("X-Request-Id", "fake-" + requests.get());
    ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(reply.body());
    }
  }

  private void record(Exchange e) {
    exchanges.add(e);
    while (exchanges.size() > maxRecorded) {
      exchanges.remove(0);
    }
  }

  private Reply injected(String method, String path) {
    for (Injection i : injections) {
      if ((i.method.equals("*") || i.method.equalsIgnoreCase(method)) && i.path.matcher(path).matches()) {
        synchronized (i) {
          if (i.remaining > 0) {
            i.remaining--;
            if (i.remaining == 0) {
              injections.remove(i);
            }
            return new Reply(i.status, i.contentType, i.body);
          }
        }
      }
    }
    return null;
  }

  private Reply route(HttpExchange ex, String method, String path, String query) throws IOException {
    boolean weskitPath = flavor == WesFlavor.WESKIT && path.startsWith("/weskit/v1/runs/");
    if (!path.startsWith(BASE_PATH + "/") && !weskitPath) {
      return error(404, "no such endpoint: " + path);
    }
    String rel = weskitPath ? path : path.substring(BASE_PATH.length());
    boolean open = flavor == WesFlavor.WESKIT && rel.equals("/service-info");
    if (!open && !authorized(ex)) {
      return error(401, "authentication required: the Authorization header is missing or its token is not accepted");
    }
    String[] seg = rel.substring(1).split("/", -1);
    for (int i = 0; i < seg.length; i++) {
      seg[i] = URLDecoder.decode(seg[i], StandardCharsets.UTF_8);
    }
    if (weskitPath) {
      // weskit/v1/runs/{id}/stdout|stderr
      if (seg.length == 5 && method.equals("GET") && (seg[4].equals("stdout") || seg[4].equals("stderr"))) {
        return weskitLog(seg[3], seg[4]);
      }
      return error(404, "no such endpoint: " + path);
    }
    Map<String, String> q = query(query);
    if (seg.length == 1 && seg[0].equals("service-info") && method.equals("GET")) {
      return ok(serviceInfo());
    }
    if (seg.length == 1 && seg[0].equals("runs")) {
      if (method.equals("GET")) {
        return ok(listRuns(q));
      }
      if (method.equals("POST")) {
        return submit(ex);
      }
      return error(405, "method not allowed");
    }
    if (seg.length >= 2 && seg[0].equals("runs")) {
      String id = seg[1];
      if (flavor == WesFlavor.WESKIT && !UUID_PATTERN.matcher(id).matches()) {
        // WESkit raises ClientError for this and answers it with 500
        return error(500, "Syntactically invalid run ID: '" + id + "'");
      }
      Run r = runs.get(id);
      if (r == null) {
        return error(404, flavor == WesFlavor.WESKIT ? "Could not find '" + id + "'" : "run " + id + " not found");
      }
      if (seg.length == 2 && method.equals("GET")) {
        return ok(runLog(r));
      }
      if (seg.length == 3 && seg[2].equals("status") && method.equals("GET")) {
        return ok(status(r));
      }
      if (seg.length == 3 && seg[2].equals("cancel") && method.equals("POST")) {
        synchronized (r) {
          if (!TERMINAL.contains(r.state)) {
            r.state = "CANCELING";
            r.pinned = false;
            r.canceling = true;
          }
        }
        return ok(json.createObjectNode().put("run_id", r.id));
      }
      if (flavor == WesFlavor.WES_1_1 && seg.length == 3 && seg[2].equals("tasks") && method.equals("GET")) {
        return ok(listTasks(r, q));
      }
      if (flavor == WesFlavor.WES_1_1 && seg.length == 4 && seg[2].equals("tasks") && method.equals("GET")) {
        int n = taskIndex(seg[3]);
        if (n < 1 || n > tasksPerRun) {
          return error(404, "task " + seg[3] + " not found in run " + r.id);
        }
        return ok(task(r, n));
      }
    }
    return error(404, "no such endpoint: " + method + " " + path);
  }

  private boolean authorized(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return tokens.contains(h.substring(7).strip());
  }

  // --------------------------------------------------------------------------------- replies

  private ObjectNode serviceInfo() {
    ObjectNode n = json.createObjectNode();
    if (flavor == WesFlavor.WES_1_1) {
      n.put("id", "org.example.fake-wes");
      n.put("name", "Fake WES");
      n.putObject("type").put("group", "org.ga4gh").put("artifact", "wes").put("version", "1.1.0");
      n.put("description", "spe-testkit FakeWesServer");
      n.putObject("organization").put("name", "spe-testkit").put("url", "https://example.org");
      n.put("version", "0.1.0");
    }
    ObjectNode types = n.putObject("workflow_type_versions");
    ObjectNode engines = n.putObject("workflow_engine_versions");
    ArrayNode params = n.putArray("default_workflow_engine_parameters");
    if (flavor == WesFlavor.WESKIT) {
      types.putObject("SMK").putArray("workflow_type_version").add("7.30.2").add("7.21.0");
      types.putObject("NFL").putArray("workflow_type_version").add("23.04.1");
      engines.put("SMK", "7.30.2,7.21.0");
      engines.put("NFL", "23.04.1");
      for (String p : List.of("cores", "max-memory", "max-runtime", "use-singularity", "jobs")) {
        ObjectNode param = params.addObject().put("name", p).put("type", "Optional[str]");
        if (p.equals("cores")) {
          param.put("default_value", "1");
        }
      }
    } else {
      types.putObject("CWL").putArray("workflow_type_version").add("v1.0").add("v1.2");
      types.putObject("WDL").putArray("workflow_type_version").add("1.0");
      types.putObject("SMK").putArray("workflow_type_version").add("7.21.0");
      if (flavor == WesFlavor.WES_1_1) {
        engines.putObject("cwltool").putArray("workflow_engine_version").add("3.1");
        engines.putObject("snakemake").putArray("workflow_engine_version").add("7.21.0");
      } else {
        engines.put("cwltool", "3.1");
        engines.put("snakemake", "7.21.0");
      }
      params.addObject().put("name", "cores").put("type", "int").put("default_value", "1");
    }
    n.putArray("supported_wes_versions").add(flavor == WesFlavor.WES_1_1 ? "1.1.0" : "1.0.0");
    n.putArray("supported_filesystem_protocols").add("file").add("https");
    ObjectNode counts = n.putObject("system_state_counts");
    synchronized (runs) {
      for (Run r : runs.values()) {
        counts.put(r.state, counts.path(r.state).asLong(0) + 1);
      }
    }
    n.put("auth_instructions_url", "https://example.org/auth");
    if (flavor != WesFlavor.WES_1_1) {
      n.put("contact_info_url", "mailto:support@example.org");
    }
    n.putObject("tags").put("fake", "true");
    return n;
  }

  private ObjectNode listRuns(Map<String, String> q) {
    List<Run> all;
    synchronized (runs) {
      all = new ArrayList<>(runs.values());
    }
    int total = all.size() + syntheticRuns;
    int size = pageSize(q);
    int start = 0;
    String next = "";
    int end;
    switch (paging) {
      case IGNORE -> end = total;
      case REPEAT_FIRST_PAGE -> {
        end = Math.min(size, total);
        next = end < total ? "page-2" : "";
      }
      case ENDLESS -> {
        start = offset(q.get("page_token"));
        end = Math.min(start + size, total);
        next = "endless-" + (start + size) + "-" + counter.incrementAndGet();
      }
      default -> {
        start = offset(q.get("page_token"));
        end = Math.min(start + size, total);
        next = end < total ? "o" + end : "";
      }
    }
    ObjectNode n = json.createObjectNode();
    ArrayNode arr = n.putArray("runs");
    for (int i = Math.min(start, total); i < end; i++) {
      if (i < all.size()) {
        Run r = all.get(i);
        synchronized (r) {
          ObjectNode o = arr.addObject().put("run_id", r.id).put("state", r.state);
          if (flavor == WesFlavor.WES_1_1) {
            o.put("start_time", r.submitted.toString());
            if (TERMINAL.contains(r.state)) {
              o.put("end_time", r.submitted.plusSeconds(60).toString());
            }
            o.set("tags", tagsOf(r));
          }
        }
      } else {
        int k = i - all.size();
        ObjectNode o = arr.addObject().put("run_id", syntheticId(k)).put("state", "COMPLETE");
        if (flavor == WesFlavor.WES_1_1) {
          o.putObject("tags");
        }
      }
    }
    n.put("next_page_token", next);
    return n;
  }

  private String syntheticId(int k) {
    return flavor == WesFlavor.WESKIT
        ? new UUID(0x5eed_0000_0000_0000L, k).toString()
        : String.format("synthetic-%08d", k);
  }

  private int pageSize(Map<String, String> q) {
    String s = q.get("page_size");
    if (s == null) {
      return defaultPageSize;
    }
    try {
      int v = Integer.parseInt(s);
      if (v < 1) {
        throw new BadRequest(400, "page_size must be positive");
      }
      return Math.min(v, 10_000);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "page_size must be an integer");
    }
  }

  private static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      if (token.startsWith("o")) {
        return Integer.parseInt(token.substring(1));
      }
      if (token.startsWith("endless-")) {
        return Integer.parseInt(token.split("-")[1]);
      }
    } catch (NumberFormatException ignored) {
      // falls through
    }
    throw new BadRequest(400, "unknown page_token");
  }

  private ObjectNode status(Run r) {
    synchronized (r) {
      advance(r);
      return json.createObjectNode().put("run_id", r.id).put("state", r.state);
    }
  }

  private void advance(Run r) {
    r.polls++;
    if (r.canceling) {
      if (r.state.equals("CANCELING") && r.polls % pollsPerState == 0) {
        r.state = "CANCELED";
      }
      return;
    }
    if (r.pinned || TERMINAL.contains(r.state)) {
      return;
    }
    if (r.polls % pollsPerState == 0 && r.step + 1 < script.size()) {
      r.step++;
      r.state = script.get(r.step);
    }
  }

  private ObjectNode runLog(Run r) {
    synchronized (r) {
      advance(r);
      ObjectNode n = json.createObjectNode();
      n.put("run_id", r.id);
      ObjectNode req = n.putObject("request");
      req.set("workflow_params", parsedOr(r.form.get("workflow_params"), json.createObjectNode()));
      req.put("workflow_type", r.form.get("workflow_type"));
      req.put("workflow_type_version", r.form.get("workflow_type_version"));
      req.set("tags", tagsOf(r));
      req.set("workflow_engine_parameters", parsedOr(r.form.get("workflow_engine_parameters"), json.createObjectNode()));
      if (flavor == WesFlavor.WES_1_1) {
        if (r.form.containsKey("workflow_engine")) {
          req.put("workflow_engine", r.form.get("workflow_engine"));
        }
        if (r.form.containsKey("workflow_engine_version")) {
          req.put("workflow_engine_version", r.form.get("workflow_engine_version"));
        }
      }
      req.put("workflow_url", r.form.get("workflow_url"));
      n.put("state", r.state);
      ObjectNode log = n.putObject("run_log");
      log.put("name", r.form.get("workflow_url"));
      log.putArray("cmd").add(flavor == WesFlavor.WESKIT ? "snakemake" : "run-workflow").add(r.form.get("workflow_url"));
      log.put("start_time", r.submitted.toString());
      boolean done = TERMINAL.contains(r.state);
      if (done) {
        log.put("end_time", r.submitted.plusSeconds(60).toString());
        log.put("exit_code", r.state.equals("COMPLETE") ? 0 : 1);
      }
      if (flavor == WesFlavor.WESKIT) {
        log.put("stdout", "runs/" + r.id + "/stdout");
        log.put("stderr", "runs/" + r.id + "/stderr");
        n.put("user_id", "fake-user");
      } else {
        log.put("stdout", baseUrl() + "/runs/" + r.id + "/stdout.txt");
        log.put("stderr", baseUrl() + "/runs/" + r.id + "/stderr.txt");
      }
      ArrayNode tl = n.putArray("task_logs");
      int tasks = visibleTasks(r);
      for (int i = 1; i <= tasks; i++) {
        tl.add(task(r, i));
      }
      if (flavor == WesFlavor.WES_1_1) {
        n.put("task_logs_url", baseUrl() + "/runs/" + r.id + "/tasks");
      }
      ObjectNode outputs = n.putObject("outputs");
      if (r.state.equals("COMPLETE")) {
        outputs.put("result", "results/" + r.id + ".txt");
      }
      return n;
    }
  }

  private int visibleTasks(Run r) {
    return switch (r.state) {
      case "QUEUED", "INITIALIZING", "UNKNOWN" -> 0;
      case "RUNNING", "PAUSED" -> Math.min(1, tasksPerRun);
      default -> tasksPerRun;
    };
  }

  private ObjectNode task(Run r, int i) {
    ObjectNode t = json.createObjectNode();
    if (flavor == WesFlavor.WES_1_1) {
      t.put("id", "task-" + i);
    }
    t.put("name", "step_" + i);
    t.putArray("cmd").add("step").add(Integer.toString(i));
    t.put("start_time", r.submitted.plusSeconds(i).toString());
    if (TERMINAL.contains(r.state)) {
      t.put("end_time", r.submitted.plusSeconds(10L + i).toString());
      t.put("exit_code", r.state.equals("EXECUTOR_ERROR") && i == tasksPerRun ? 1 : 0);
    }
    if (flavor == WesFlavor.WES_1_1) {
      t.putArray("system_logs").add("host: fake-node-" + i);
    }
    return t;
  }

  private ObjectNode listTasks(Run r, Map<String, String> q) {
    int size = pageSize(q);
    int start = offset(q.get("page_token"));
    int total;
    synchronized (r) {
      total = visibleTasks(r);
    }
    int end = paging == Paging.IGNORE ? total : Math.min(start + size, total);
    ObjectNode n = json.createObjectNode();
    ArrayNode arr = n.putArray("task_logs");
    for (int i = start + 1; i <= end; i++) {
      arr.add(task(r, i));
    }
    n.put("next_page_token", end < total ? "o" + end : "");
    return n;
  }

  private static int taskIndex(String id) {
    if (!id.startsWith("task-")) {
      return -1;
    }
    try {
      return Integer.parseInt(id.substring(5));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Reply weskitLog(String id, String which) {
    if (!UUID_PATTERN.matcher(id).matches()) {
      return error(500, "Syntactically invalid run ID: '" + id + "'");
    }
    Run r = runs.get(id);
    if (r == null) {
      return error(404, "Could not find '" + id + "'");
    }
    synchronized (r) {
      if (!r.state.equals("COMPLETE")) {
        return error(409, "Run '" + id + "' is not in COMPLETED state");
      }
      return ok(json.createObjectNode().put("content", which + " of run " + id + "\n"));
    }
  }

  private JsonNode tagsOf(Run r) {
    JsonNode t = parsedOr(r.form.get("tags"), json.createObjectNode());
    return t.isObject() ? t : json.createObjectNode();
  }

  private JsonNode parsedOr(String s, JsonNode fallback) {
    if (s == null) {
      return fallback;
    }
    try {
      return json.readTree(s);
    } catch (IOException e) {
      return fallback;
    }
  }

  // ------------------------------------------------------------------------------ submission

  private Reply submit(HttpExchange ex) throws IOException {
    String boundary = MultipartReader.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
    if (boundary == null) {
      return error(400, "RunWorkflow expects multipart/form-data");
    }
    Map<String, String> form = new LinkedHashMap<>();
    List<FakeRun.ReceivedAttachment> attachments = new ArrayList<>();
    try (InputStream in = ex.getRequestBody()) {
      new MultipartReader(in, boundary).read(new FormCollector(form, attachments));
    } catch (BadRequest e) {
      return error(e.status, e.getMessage());
    } catch (IOException e) {
      return error(400, "Malformed multipart body: " + e.getMessage());
    }
    String problem = validate(form);
    if (problem != null) {
      return error(400, problem);
    }
    String id = flavor == WesFlavor.WESKIT ? UUID.randomUUID().toString() : "run-" + counter.incrementAndGet();
    Run r = new Run(id, form, attachments, script.get(0), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    runs.put(id, r);
    return ok(json.createObjectNode().put("run_id", id));
  }

  private String validate(Map<String, String> form) {
    List<String> errors = new ArrayList<>();
    Set<String> allowed = flavor == WesFlavor.WES_1_1 ? FORM_FIELDS_1_1 : FORM_FIELDS_1_0;
    for (String k : form.keySet()) {
      if (!allowed.contains(k)) {
        errors.add("{'" + k + "': ['unknown field']}");
      }
    }
    List<String> required = new ArrayList<>(List.of("workflow_type", "workflow_type_version", "workflow_url"));
    if (flavor == WesFlavor.WESKIT) {
      required.add(0, "workflow_params");
    }
    for (String k : required) {
      if (form.get(k) == null || form.get(k).isBlank()) {
        errors.add("{'" + k + "': ['required field']}");
      }
    }
    if (form.containsKey("workflow_engine_version") && !form.containsKey("workflow_engine")) {
      errors.add("workflow_engine is required when workflow_engine_version is given");
    }
    for (String k : List.of("workflow_params", "tags", "workflow_engine_parameters")) {
      String v = form.get(k);
      if (v != null && !parsedOr(v, json.nullNode()).isObject()) {
        errors.add("{'" + k + "': ['must be a JSON object']}");
      }
    }
    if (flavor == WesFlavor.WESKIT && errors.isEmpty()) {
      String type = form.get("workflow_type");
      Map<String, List<String>> known = Map.of("SMK", List.of("7.30.2", "7.21.0"), "NFL", List.of("23.04.1"));
      if (!known.containsKey(type)) {
        errors.add("Unknown workflow_type '" + type + "'. Know SMK, NFL");
      } else if (!known.get(type).contains(form.get("workflow_type_version"))) {
        errors.add("Unknown workflow_type_version '" + form.get("workflow_type_version") + "'. Know "
            + String.join(", ", known.get(type)));
      }
      String url = form.get("workflow_url");
      if (url.startsWith("trs://")) {
        // accepted as is
      } else if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !url.startsWith("file:")) {
        errors.add("Only 'file:' (relative) and 'trs:' are allowed in workflow URIs: '" + url + "'");
      } else {
        String p = url.startsWith("file:") ? url.substring(5) : url;
        if (WESKIT_FORBIDDEN.matcher(p).find()) {
          errors.add("Forbidden characters: '" + p + "'");
        }
        if (p.startsWith("/")) {
          errors.add("Not a relative path: '" + url + "'");
        } else if (!java.nio.file.Path.of("/root").resolve(p).normalize().startsWith("/root")) {
          errors.add("Normalized path points outside allowed root: '" + p + "'");
        }
      }
    }
    return errors.isEmpty() ? null : "Malformed request: " + errors;
  }

  private final class FormCollector implements MultipartReader.PartHandler {
    private final Map<String, String> form;
    private final List<FakeRun.ReceivedAttachment> attachments;
    private String name;
    private String filename;
    private ByteArrayOutputStream text;
    private MessageDigest digest;
    private long size;

    FormCollector(Map<String, String> form, List<FakeRun.ReceivedAttachment> attachments) {
      this.form = form;
      this.attachments = attachments;
    }

    @Override
    public OutputStream begin(Map<String, String> headers) throws IOException {
      String cd = headers.get("content-disposition");
      name = MultipartReader.dispositionParam(cd, "name");
      filename = MultipartReader.dispositionParam(cd, "filename");
      if (name == null) {
        throw new BadRequest(400, "a multipart part has no Content-Disposition name");
      }
      size = 0;
      if (filename != null) {
        String fn = URLDecoder.decode(filename.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (fn.isEmpty() || fn.startsWith("/") || fn.contains("\\")
            || List.of(fn.split("/")).contains("..")) {
          throw new BadRequest(400, "attachment name '" + fn + "' is not a safe relative path");
        }
        filename = fn;
        try {
          digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
        return new OutputStream() {
          @Override
          public void write(int b) {
            digest.update((byte) b);
            size++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            size += len;
          }
        };
      }
      text = new ByteArrayOutputStream();
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (text.size() + len > MAX_FIELD_BYTES) {
            throw new BadRequest(413, "form field '" + name + "' is longer than " + MAX_FIELD_BYTES + " bytes");
          }
          text.write(b, off, len);
        }
      };
    }

    @Override
    public void end() {
      if (filename != null) {
        if (!name.equals("workflow_attachment")) {
          throw new BadRequest(400, "file part '" + name + "': files go in workflow_attachment");
        }
        attachments.add(new FakeRun.ReceivedAttachment(filename, size, HexFormat.of().formatHex(digest.digest())));
      } else {
        if (form.containsKey(name)) {
          throw new BadRequest(400, "form field '" + name + "' is given twice");
        }
        form.put(name, text.toString(StandardCharsets.UTF_8));
      }
    }
  }

  // ----------------------------------------------------------------------------------- utils

  private Reply ok(JsonNode body) {
    try {
      return new Reply(200, "application/json", json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply error(int status, String msg) {
    ObjectNode n = json.createObjectNode().put("msg", msg).put("status_code", status);
    return new Reply(status, "application/json", n.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
      q.putIfAbsent(k, v);
    }
    return q;
  }

  private static void requireState(String s) {
    if (!STATES.contains(s)) {
      throw new IllegalArgumentException("not a WES state: " + s + " (one of " + STATES + ")");
    }
  }

  private static final class Run {
    final String id;
    final Map<String, String> form;
    final List<FakeRun.ReceivedAttachment> attachments;
    final Instant submitted;
    String state;
    int step;
    int polls;
    boolean pinned;
    boolean canceling;

    Run(String id, Map<String, String> form, List<FakeRun.ReceivedAttachment> attachments, String state, Instant submitted) {
      this.id = id;
      this.form = form;
      this.attachments = attachments;
      this.state = state;
      this.submitted = submitted;
    }
  }

  private static final class Injection {
    final String method;
    final Pattern path;
    final int status;
    final String contentType;
    final byte[] body;
    int remaining;

    Injection(String method, Pattern path, int status, String contentType, byte[] body, int times) {
      this.method = method;
      this.path = path;
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.remaining = times;
    }
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String msg) {
      super(msg);
      this.status = status;
    }
  }

  /**
   * One request the server answered, for contract checks of its replies.
   *
   * @param method the method
   * @param path the raw path
   * @param query the raw query, or null
   * @param requestContentType the request's content type, or null
   * @param status the reply's status
   * @param responseContentType the reply's content type
   * @param responseBody the reply's body (null when longer than 1 MiB)
   * @since 0.1.0
   */
  public record Exchange(
      String method,
      String path,
      String query,
      String requestContentType,
      int status,
      String responseContentType,
      byte[] responseBody) {

    /**
     * The body as text.
     *
     * @return the body, or null when it was not kept
     */
    public String responseText() {
      return responseBody == null ? null : new String(responseBody, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Exchange e
          && method.equals(e.method)
          && path.equals(e.path)
          && Objects.equals(query, e.query)
          && status == e.status
          && java.util.Arrays.equals(responseBody, e.responseBody);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, path, query, status, java.util.Arrays.hashCode(responseBody));
    }

    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status;
    }
  }

  /**
   * Builds a {@link FakeWesServer}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private WesFlavor flavor = WesFlavor.WES_1_1;
    private final List<String> tokens = new ArrayList<>(List.of("test-token"));
    private List<String> script = List.of("QUEUED", "INITIALIZING", "RUNNING", "COMPLETE");
    private int pollsPerState = 1;
    private int tasksPerRun = 3;
    private int defaultPageSize = 10;
    private int syntheticRuns;
    private Paging paging;
    private int maxRecordedExchanges = 1000;

    private Builder() {}

    /**
     * Which server to imitate (default WES 1.1).
     *
     * @param flavor the flavor
     * @return this builder
     */
    public Builder flavor(WesFlavor flavor) {
      this.flavor = Objects.requireNonNull(flavor, "flavor");
      return this;
    }

    /**
     * The accepted bearer token (replaces the default {@code test-token}).
     *
     * @param token the token
     * @return this builder
     */
    public Builder token(String token) {
      tokens.clear();
      tokens.add(Objects.requireNonNull(token, "token"));
      return this;
    }

    /**
     * The states every new run goes through, first to last (default QUEUED, INITIALIZING,
     * RUNNING, COMPLETE).
     *
     * @param states WES state names
     * @return this builder
     */
    public Builder script(String... states) {
      if (states.length == 0) {
        throw new IllegalArgumentException("script: at least one state");
      }
      for (String s : states) {
        requireState(s);
      }
      this.script = List.of(states);
      return this;
    }

    /**
     * How many status or log reads each state lasts (default 1).
     *
     * @param polls at least 1
     * @return this builder
     */
    public Builder pollsPerState(int polls) {
      if (polls < 1) {
        throw new IllegalArgumentException("pollsPerState must be at least 1");
      }
      this.pollsPerState = polls;
      return this;
    }

    /**
     * How many tasks each run has (default 3).
     *
     * @param n zero or more
     * @return this builder
     */
    public Builder tasksPerRun(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("tasksPerRun must not be negative");
      }
      this.tasksPerRun = n;
      return this;
    }

    /**
     * The page size when a request names none (default 10).
     *
     * @param size at least 1
     * @return this builder
     */
    public Builder defaultPageSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("defaultPageSize must be at least 1");
      }
      this.defaultPageSize = size;
      return this;
    }

    /**
     * COMPLETE runs the listing includes after the submitted ones, generated on the fly (no
     * memory per run), for listing tests and benchmarks.
     *
     * @param count how many
     * @return this builder
     */
    public Builder syntheticRuns(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("syntheticRuns must not be negative");
      }
      this.syntheticRuns = count;
      return this;
    }

    /**
     * The paging behaviour (default HONOUR; WESkit: IGNORE).
     *
     * @param paging the behaviour
     * @return this builder
     */
    public Builder paging(Paging paging) {
      this.paging = Objects.requireNonNull(paging, "paging");
      return this;
    }

    /**
     * How many exchanges {@link #exchanges()} keeps (default 1000).
     *
     * @param max zero or more
     * @return this builder
     */
    public Builder maxRecordedExchanges(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxRecordedExchanges must not be negative");
      }
      this.maxRecordedExchanges = max;
      return this;
    }

    /**
     * Builds the server (not started: register it as a JUnit extension or call start()).
     *
     * @return the server
     */
    public FakeWesServer build() {
      if (flavor != WesFlavor.WES_1_1 && script.contains("PREEMPTED")) {
        throw new IllegalArgumentException("PREEMPTED is a WES 1.1 state; " + flavor + " has no such state");
      }
      return new FakeWesServer(this);
    }
  }
}

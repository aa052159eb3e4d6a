package de.denbi.spe.wes;

import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.PagingException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.paging.Page;
import de.denbi.spe.core.paging.Paginator;
import de.denbi.spe.core.profile.SiteProfile;
import de.denbi.spe.core.wait.Waiter;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.wes.internal.Pages;
import de.denbi.spe.wes.internal.RunForm;
import de.denbi.spe.wes.internal.WesErrorDecoder;
import de.denbi.spe.wes.internal.WeskitRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A GA4GH WES client for WES 1.0.0 and 1.1.0 servers and WESkit. Immutable and thread-safe:
 * build it once and share it.
 *
 * <pre>{@code
 * WesClient wes = WesClient.builder()
 *     .baseUrl("https://weskit.example.org/ga4gh/wes/v1")
 *     .tokenSource(tokens)
 *     .build();
 * String runId = wes.runWorkflow(r -> r
 *     .workflowType("SMK").workflowTypeVersion("7.21.0")
 *     .workflowUrl("file:Snakefile")
 *     .attachDirectory(Path.of("workflow")));
 * RunStatus done = wes.waitFor(runId, Duration.ofHours(2));
 * }</pre>
 *
 * <p>Every call goes through spe-core's {@link SpeHttpClient}: bearer tokens from the {@link
 * AccessTokenSource} (refreshed on 401, and on every poll of a long wait), retries of GETs and
 * cancels with backoff, and error replies as {@link SpeServiceException}s. A run submission is
 * never sent a second time once it may have reached the server: after a dropped connection or a
 * 5xx the caller gets the exception and decides (the only repeat is after a 401, which the
 * server answers before acting, with a fresh token).
 *
 * <p>The server's WES version and dialect are detected from service-info on first need unless
 * set with {@link Builder#apiVersion(WesApiVersion)} and {@link Builder#dialect(WesDialect)}.
 *
 * @since 0.1.0
 */
public final class WesClient {
  private static final String SERVICE = "WES";
  private static final int MAX_PAGE_TOKEN = 8192;

  private final HttpUrl baseUrl;
  private final SpeHttpClient http;
  private final AuditSink audit;
  private final String actor;
  private final WaiterConfig waiterConfig;
  private final Integer pageSize;
  private final int maxPages;
  private final long maxLogBytes;
  private final WesDialect configuredDialect;
  private final WesApiVersion configuredVersion;
  private final AtomicReference<WesDialect> knownDialect;
  private final AtomicReference<Detected> detected = new AtomicReference<>();
  private final Builder config;

  private record Detected(WesServerProfile profile, ServiceInfo info) {}

  private WesClient(Builder b) {
    this.config = b.copy();
    this.baseUrl = b.baseUrl;
    this.audit = b.audit;
    this.actor = b.actor;
    this.waiterConfig = b.waiterConfig;
    this.pageSize = b.pageSize;
    this.maxPages = b.maxPages;
    this.maxLogBytes = b.maxLogBytes;
    this.configuredDialect = b.dialect;
    this.configuredVersion = b.apiVersion;
    this.knownDialect = new AtomicReference<>(b.dialect);
    SpeHttpClient.Builder hb =
        b.http != null ? b.http.newBuilder() : SpeHttpClient.builder();
    hb.serviceName(SERVICE).errorDecoder(new WesErrorDecoder(knownDialect::get));
    if (b.tokenSource != null) {
      hb.tokenSource(b.tokenSource);
    }
    this.http = hb.build();
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
   * A builder with this client's settings (sharing its connection pool), for a variant.
   *
   * @return the builder
   */
  public Builder newBuilder() {
    Builder b = config.copy();
    b.http = http;
    return b;
  }

  /**
   * The base URL, ending in {@code /}, e.g. {@code https://host/ga4gh/wes/v1/}.
   *
   * @return the URL
   */
  public URI baseUrl() {
    return baseUrl.uri();
  }

  /**
   * The HTTP client this WES client sends through.
   *
   * @return the client
   */
  public SpeHttpClient httpClient() {
    return http;
  }

  // ---------------------------------------------------------------------------------- service

  /**
   * {@code GET /service-info}.
   *
   * @return what the server says about itself
   */
  public ServiceInfo serviceInfo() {
    return http.execute(http.get(url("service-info")), ServiceInfo.class);
  }

  /**
   * The server's WES version and dialect: as configured, else detected from service-info (once;
   * the result is kept).
   *
   * @return the profile
   */
  public WesServerProfile serverProfile() {
    Detected d = detect();
    return d.profile();
  }

  private Detected detect() {
    Detected d = detected.get();
    if (d != null) {
      return d;
    }
    ServiceInfo info = null;
    WesApiVersion version = configuredVersion;
    WesDialect dialect = configuredDialect;
    if (version == null || dialect == WesDialect.AUTO) {
      info = serviceInfo();
      if (version == null) {
        version = info.apiVersion();
      }
      if (dialect == WesDialect.AUTO) {
        dialect = info.dialect();
      }
    }
    d = new Detected(new WesServerProfile(version, dialect), info);
    knownDialect.set(dialect);
    detected.compareAndSet(null, d);
    return detected.get();
  }

  // ------------------------------------------------------------------------------------- runs

  /**
   * {@code GET /runs}, all pages, lazily. Works with servers that ignore paging (WESkit sends
   * every run at once) and stops with {@link PagingException} on a server whose page tokens
   * repeat or never end (after {@link Builder#maxPages(int)} pages).
   *
   * @return the runs
   */
  public Paginator<RunSummary> listRuns() {
    return Paginator.<RunSummary>of("WES runs", token -> runsPage(token)).withMaxPages(maxPages);
  }

  /**
   * One page of {@code GET /runs}.
   *
   * @param pageToken null for the first page
   * @return the page
   */
  public Page<RunSummary> listRunsPage(String pageToken) {
    return runsPage(pageToken);
  }

  private Page<RunSummary> runsPage(String token) {
    HttpUrl.Builder u = url("runs").newBuilder();
    pageParams(u, token);
    Pages.RunListPage p = http.execute(http.get(u.build()), Pages.RunListPage.class);
    return new Page<>(nonNullItems(p.runs(), "runs"), checkedToken(p.nextPageToken(), "WES runs"));
  }

  /**
   * {@code POST /runs}: submits a run. The request is validated for the server's dialect first
   * (for WESkit: {@code SMK}/{@code NFL}, a relative {@code file:} or {@code trs://}
   * workflow_url, WESkit's engine parameter names) and, when service-info is known, its workflow
   * type and version. Sent once: never repeated after it may have reached the server.
   *
   * @param request the request
   * @return the new run's id
   * @throws InvalidRequestException naming the field the server would reject
   */
  public String runWorkflow(RunRequest request) {
    Objects.requireNonNull(request, "request");
    Detected d = detect();
    WesServerProfile p = d.profile();
    if (p.dialect() == WesDialect.WESKIT) {
      WeskitRules.check(request, d.info());
    }
    checkAgainstServiceInfo(request, d.info());
    MultipartBody body = RunForm.build(request, p.apiVersion(), p.dialect(), http.json());
    Request req =
        new Request.Builder()
            .url(url("runs"))
            .post(body)
            .tag(Idempotency.class, Idempotency.NOT_IDEMPOTENT)
            .build();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("workflow_type", request.workflowType());
    facts.put("workflow_type_version", request.workflowTypeVersion());
    facts.put("workflow_url", request.workflowUrl());
    facts.put("attachments", Integer.toString(request.attachments().size()));
    try {
      Pages.RunIdReply reply = http.execute(req, Pages.RunIdReply.class);
      if (reply.runId() == null || reply.runId().isBlank()) {
        throw new InvalidResponseException(
            details(req, 200), "the reply has no run_id", null);
      }
      record(AuditOutcome.SUCCESS, "run.submit", reply.runId(), facts);
      return reply.runId();
    } catch (SpeException e) {
      failed("run.submit", Redaction.url(url("runs")), facts, e);
      throw e;
    }
  }

  /**
   * {@code POST /runs} with a request built in place.
   *
   * @param request configures a {@link RunRequest.Builder}
   * @return the new run's id
   */
  public String runWorkflow(Consumer<RunRequest.Builder> request) {
    RunRequest.Builder b = RunRequest.builder();
    request.accept(b);
    return runWorkflow(b.build());
  }

  /**
   * {@code GET /runs/{run_id}}.
   *
   * @param runId the run id
   * @return everything about the run
   */
  public RunLog getRunLog(String runId) {
    return http.execute(http.get(runUrl(runId).build()), RunLog.class);
  }

  /**
   * {@code GET /runs/{run_id}/status}.
   *
   * @param runId the run id
   * @return its state
   */
  public RunStatus getRunStatus(String runId) {
    HttpUrl u = runUrl(runId).addPathSegment("status").build();
    return http.execute(http.get(u), RunStatus.class);
  }

  /**
   * {@code POST /runs/{run_id}/cancel}. Retried like a GET: canceling twice is harmless. The run
   * may pass through {@link RunState#CANCELING} before {@link RunState#CANCELED}.
   *
   * @param runId the run id
   * @return the id the server confirmed
   */
  public String cancelRun(String runId) {
    HttpUrl u = runUrl(runId).addPathSegment("cancel").build();
    Request req =
        new Request.Builder()
            .url(u)
            .post(RequestBody.create(new byte[0], null))
            .tag(Idempotency.class, Idempotency.IDEMPOTENT)
            .build();
    try {
      Pages.RunIdReply reply = http.execute(req, Pages.RunIdReply.class);
      String id = reply.runId() != null ? reply.runId() : runId;
      record(AuditOutcome.SUCCESS, "run.cancel", id, Map.of());
      return id;
    } catch (SpeException e) {
      failed("run.cancel", runId, Map.of(), e);
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------ tasks

  /**
   * The tasks of a run: {@code GET /runs/{run_id}/tasks} (WES 1.1), lazily over pages. On a WES
   * 1.0 server (no task endpoint) the task logs of the run log are returned as one page.
   *
   * @param runId the run id
   * @return the tasks
   */
  public Paginator<TaskLog> listTasks(String runId) {
    requireId(runId, "runId");
    if (!detect().profile().hasTaskEndpoints()) {
      return Paginator.of("WES tasks of run " + runId, token -> new Page<>(getRunLog(runId).taskLogs(), null));
    }
    return Paginator.<TaskLog>of("WES tasks of run " + runId, token -> tasksPage(runId, token))
        .withMaxPages(maxPages);
  }

  private Page<TaskLog> tasksPage(String runId, String token) {
    HttpUrl.Builder u = runUrl(runId).addPathSegment("tasks");
    pageParams(u, token);
    Pages.TaskListPage p = http.execute(http.get(u.build()), Pages.TaskListPage.class);
    return new Page<>(nonNullItems(p.taskLogs(), "task_logs"), checkedToken(p.nextPageToken(), "WES tasks"));
  }

  /**
   * {@code GET /runs/{run_id}/tasks/{task_id}} (WES 1.1 only).
   *
   * @param runId the run id
   * @param taskId the task id
   * @return the task
   * @throws InvalidRequestException on a WES 1.0 server, which has no task endpoint
   */
  public TaskLog getTask(String runId, String taskId) {
    requireId(taskId, "taskId");
    HttpUrl.Builder u = runUrl(runId);
    if (!detect().profile().hasTaskEndpoints()) {
      throw new InvalidRequestException(
          "taskId",
          "the server speaks WES 1.0.0, which has no task endpoint; read the tasks from"
              + " getRunLog(runId).taskLogs() or listTasks(runId)");
    }
    return http.execute(
        http.get(u.addPathSegment("tasks").addPathSegment(taskId).build()), TaskLog.class);
  }

  // ------------------------------------------------------------------------------------- logs

  /**
   * The run's standard output. WESkit: {@code GET /weskit/v1/runs/{id}/stdout}, which answers
   * {@link de.denbi.spe.core.ConflictException} (409) until the run is COMPLETE. Other servers:
   * the URL in the run log's {@code stdout}, fetched with the token only when it is on the WES
   * server's own origin.
   *
   * @param runId the run id
   * @return the text, or empty when the server gives no URL for it
   */
  public Optional<String> runStdout(String runId) {
    return runOutput(runId, "stdout");
  }

  /**
   * The run's standard error; see {@link #runStdout(String)}.
   *
   * @param runId the run id
   * @return the text, or empty when the server gives no URL for it
   */
  public Optional<String> runStderr(String runId) {
    return runOutput(runId, "stderr");
  }

  private Optional<String> runOutput(String runId, String which) {
    requireId(runId, "runId");
    if (detect().profile().dialect() == WesDialect.WESKIT) {
      HttpUrl u =
          weskitRoot().newBuilder()
              .addPathSegments("weskit/v1/runs")
              .addPathSegment(runId)
              .addPathSegment(which)
              .build();
      Pages.LogContent c = http.execute(http.get(u), Pages.LogContent.class);
      return Optional.ofNullable(c.content());
    }
    Log log = getRunLog(runId).runLog();
    String ref = log == null ? null : which.equals("stdout") ? log.stdout() : log.stderr();
    HttpUrl u = ref == null ? null : baseUrl.resolve(ref);
    if (u == null || (!ref.startsWith("http://") && !ref.startsWith("https://"))) {
      return Optional.empty();
    }
    boolean sameOrigin =
        u.scheme().equals(baseUrl.scheme()) && u.host().equals(baseUrl.host()) && u.port() == baseUrl.port();
    SpeHttpClient client = sameOrigin ? http : http.newBuilder().tokenSource(null).build();
    return Optional.of(client.execute(client.get(u), resp -> readText(resp.body().byteStream(), u)));
  }

  private String readText(InputStream in, HttpUrl u) throws IOException {
    try (in) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLogBytes + 1));
      if (bytes.length > maxLogBytes) {
        throw new InvalidResponseException(
            new ServiceErrorDetails(SERVICE, "GET", Redaction.url(u), 200, null, null, null, null),
            "the log is longer than maxLogBytes (" + maxLogBytes + " bytes)",
            null);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private HttpUrl weskitRoot() {
    List<String> segs = new ArrayList<>(baseUrl.pathSegments());
    if (!segs.isEmpty() && segs.get(segs.size() - 1).isEmpty()) {
      segs.remove(segs.size() - 1);
    }
    int n = segs.size();
    if (n >= 3 && segs.subList(n - 3, n).equals(List.of("ga4gh", "wes", "v1"))) {
      segs = segs.subList(0, n - 3);
    }
    HttpUrl.Builder b = baseUrl.newBuilder().encodedPath("/");
    for (String s : segs) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  // ---------------------------------------------------------------------------------- waiting

  /**
   * Waits on this thread until the run reaches a terminal state, polling its status with
   * backoff (the builder's {@link WaiterConfig}, this timeout). Each poll takes a token from the
   * token source, so a refreshing source keeps a wait of hours authorised.
   *
   * @param runId the run id
   * @param timeout how long to wait at most
   * @return the terminal status
   * @throws de.denbi.spe.core.WaitTimeoutException at the deadline (the run goes on)
   */
  public RunStatus waitFor(String runId, Duration timeout) {
    return waitFor(runId, timeout, s -> {});
  }

  /**
   * Waits on this thread, telling {@code progress} about every status polled.
   *
   * @param runId the run id
   * @param timeout how long to wait at most
   * @param progress called with every status (on the polling thread)
   * @return the terminal status
   */
  public RunStatus waitFor(String runId, Duration timeout, Consumer<RunStatus> progress) {
    return waiter(runId, timeout, progress).await();
  }

  /**
   * Waits in the background: polls run on virtual threads, timed by one shared scheduler thread,
   * so thousands of runs can be awaited at once on a few platform threads. Cancelling the
   * future stops polling (the run goes on).
   *
   * @param runId the run id
   * @param timeout how long to wait at most
   * @return the future terminal status
   */
  public CompletableFuture<RunStatus> waitForAsync(String runId, Duration timeout) {
    return waitForAsync(runId, timeout, s -> {});
  }

  /**
   * Waits in the background, telling {@code progress} about every status polled.
   *
   * @param runId the run id
   * @param timeout how long to wait at most
   * @param progress called with every status
   * @return the future terminal status
   */
  public CompletableFuture<RunStatus> waitForAsync(
      String runId, Duration timeout, Consumer<RunStatus> progress) {
    return waiter(runId, timeout, progress).awaitAsync();
  }

  /**
   * Waits for many runs at once in the background (see {@link #waitForAsync(String, Duration)}).
   *
   * @param runIds the run ids
   * @param timeout how long to wait at most for each
   * @return the terminal status of each run by id, in the given order; fails with the first
   *     failure
   */
  public CompletableFuture<Map<String, RunStatus>> waitForAllAsync(
      Collection<String> runIds, Duration timeout) {
    Map<String, CompletableFuture<RunStatus>> futures = new LinkedHashMap<>();
    for (String id : runIds) {
      futures.put(id, waitForAsync(id, timeout));
    }
    return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Map<String, RunStatus> out = new LinkedHashMap<>();
              futures.forEach((id, f) -> out.put(id, f.join()));
              return out;
            });
  }

  private Waiter<RunStatus> waiter(String runId, Duration timeout, Consumer<RunStatus> progress) {
    requireId(runId, "runId");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(progress, "progress");
    return Waiter.builder("WES run " + runId, () -> getRunStatus(runId))
        .until(s -> s.state().isTerminal())
        .onProgress(progress)
        .stateName(s -> s.state().name())
        .config(waiterConfig.withTimeout(timeout))
        .build();
  }

  // ---------------------------------------------------------------------------------- helpers

  private void checkAgainstServiceInfo(RunRequest r, ServiceInfo info) {
    if (info == null || info.workflowTypeVersions().isEmpty()) {
      return;
    }
    List<String> versions = info.workflowTypeVersions().get(r.workflowType());
    if (versions == null) {
      throw new InvalidRequestException(
          "workflow_type",
          "'" + r.workflowType() + "' is not offered by this server; it offers "
              + info.workflowTypeVersions().keySet());
    }
    if (!versions.isEmpty() && !versions.contains(r.workflowTypeVersion())) {
      throw new InvalidRequestException(
          "workflow_type_version",
          "'" + r.workflowTypeVersion() + "' is not offered for " + r.workflowType()
              + " by this server; it offers " + versions);
    }
  }

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  private HttpUrl.Builder runUrl(String runId) {
    requireId(runId, "runId");
    return baseUrl.newBuilder().addPathSegment("runs").addPathSegment(runId);
  }

  private void pageParams(HttpUrl.Builder u, String token) {
    if (pageSize != null) {
      u.addQueryParameter("page_size", pageSize.toString());
    }
    if (token != null && !token.isEmpty()) {
      u.addQueryParameter("page_token", token);
    }
  }

  private static <T> List<T> nonNullItems(List<T> items, String field) {
    if (items == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(items.size());
    for (T t : items) {
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private static String checkedToken(String token, String what) {
    if (token != null && token.length() > MAX_PAGE_TOKEN) {
      throw new PagingException(
          "Listing " + what + ": the server sent a page token of " + token.length()
              + " characters (limit " + MAX_PAGE_TOKEN + "). Its paging is broken; stopping.");
    }
    return token;
  }

  private static void requireId(String id, String field) {
    if (id == null || id.isBlank()) {
      throw new InvalidRequestException(field, "is required and must not be blank");
    }
  }

  private ServiceErrorDetails details(Request req, int status) {
    return new ServiceErrorDetails(
        SERVICE, req.method(), Redaction.url(req.url()), status, null, null, null, null);
  }

  private void record(AuditOutcome outcome, String action, String resource, Map<String, String> facts) {
    AuditSink.safeRecord(audit, AuditEvent.now(actor, SERVICE, action, resource, outcome, facts));
  }

  private void failed(String action, String resource, Map<String, String> facts, SpeException e) {
    Map<String, String> d = new LinkedHashMap<>(facts);
    AuditOutcome outcome = AuditOutcome.FAILURE;
    if (e instanceof SpeServiceException s) {
      d.put("status", Integer.toString(s.statusCode()));
      if (e instanceof UnauthorizedException || e instanceof ForbiddenException) {
        outcome = AuditOutcome.DENIED;
      }
    }
    d.put("error", e.getClass().getSimpleName());
    record(outcome, action, resource, d);
  }

  @Override
  public String toString() {
    return "WesClient[" + Redaction.url(baseUrl) + ", dialect=" + knownDialect.get() + "]";
  }

  /**
   * Builds a {@link WesClient}; validated in {@link #build()}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl baseUrl;
    private String rawBaseUrl;
    private SpeHttpClient http;
    private AccessTokenSource tokenSource;
    private WesDialect dialect = WesDialect.AUTO;
    private WesApiVersion apiVersion;
    private AuditSink audit = AuditSink.noop();
    private String actor;
    private WaiterConfig waiterConfig = WaiterConfig.defaults();
    private Integer pageSize;
    private int maxPages = Paginator.DEFAULT_MAX_PAGES;
    private long maxLogBytes = 16L * 1024 * 1024;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.baseUrl = baseUrl;
      b.rawBaseUrl = rawBaseUrl;
      b.http = http;
      b.tokenSource = tokenSource;
      b.dialect = dialect;
      b.apiVersion = apiVersion;
      b.audit = audit;
      b.actor = actor;
      b.waiterConfig = waiterConfig;
      b.pageSize = pageSize;
      b.maxPages = maxPages;
      b.maxLogBytes = maxLogBytes;
      return b;
    }

    /**
     * The WES base URL (required), e.g. {@code https://weskit.example.org/ga4gh/wes/v1}.
     *
     * @param url the URL, http or https
     * @return this builder
     */
    public Builder baseUrl(String url) {
      this.rawBaseUrl = url;
      return this;
    }

    /**
     * The WES base URL (required).
     *
     * @param url the URL
     * @return this builder
     */
    public Builder baseUrl(URI url) {
      this.rawBaseUrl = url == null ? null : url.toString();
      return this;
    }

    /**
     * The WES URL and nothing else from a site profile ({@code wes.url} / {@code SPE_WES_URL}).
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder siteProfile(SiteProfile profile) {
      return baseUrl(Objects.requireNonNull(profile, "profile").requireWesUrl());
    }

    /**
     * Where bearer tokens come from (replaces the one of {@link #httpClient}).
     *
     * @param source the source
     * @return this builder
     */
    public Builder tokenSource(AccessTokenSource source) {
      this.tokenSource = source;
      return this;
    }

    /**
     * An HTTP client to derive this client's from (its pool, timeouts, retry policy, TLS,
     * logging); its service name and error decoder are replaced.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The server's dialect (default {@link WesDialect#AUTO}: detected from service-info).
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(WesDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The server's WES version (default: detected from service-info).
     *
     * @param version the version, or null to detect
     * @return this builder
     */
    public Builder apiVersion(WesApiVersion version) {
      this.apiVersion = version;
      return this;
    }

    /**
     * Where submissions and cancels are reported (default none).
     *
     * @param sink the sink
     * @param actor who acts, e.g. the user's OIDC {@code sub}, or null for unknown
     * @return this builder
     */
    public Builder audit(AuditSink sink, String actor) {
      this.audit = Objects.requireNonNull(sink, "sink");
      this.actor = actor;
      return this;
    }

    /**
     * How {@code waitFor} polls (default {@link WaiterConfig#defaults()}; its timeout is
     * replaced by the one given to each wait).
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder waiterConfig(WaiterConfig config) {
      this.waiterConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The {@code page_size} asked for in listings (default: the server's).
     *
     * @param size the size, at least 1
     * @return this builder
     */
    public Builder pageSize(int size) {
      if (size < 1) {
        throw new InvalidConfigException("pageSize", "must be at least 1, was " + size);
      }
      this.pageSize = size;
      return this;
    }

    /**
     * The most pages a listing fetches before it stops with {@link PagingException} (default
     * {@link Paginator#DEFAULT_MAX_PAGES}).
     *
     * @param max the limit, at least 1
     * @return this builder
     */
    public Builder maxPages(int max) {
      if (max < 1) {
        throw new InvalidConfigException("maxPages", "must be at least 1, was " + max);
      }
      this.maxPages = max;
      return this;
    }

    /**
     * The longest stdout/stderr text read from a log URL (default 16 MiB).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxLogBytes(long bytes) {
      if (bytes < 1) {
        throw new InvalidConfigException("maxLogBytes", "must be positive, was " + bytes);
      }
      this.maxLogBytes = bytes;
      return this;
    }

    /**
     * Applies a configuration function.
     *
     * @param config the function
     * @return this builder
     */
    public Builder apply(Consumer<Builder> config) {
      config.accept(this);
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws InvalidConfigException {@code baseUrl} when missing or not an http(s) URL
     */
    public WesClient build() {
      if (rawBaseUrl == null || rawBaseUrl.isBlank()) {
        throw new InvalidConfigException(
            "baseUrl", "is required, e.g. https://weskit.example.org/ga4gh/wes/v1");
      }
      HttpUrl u = HttpUrl.parse(rawBaseUrl.strip());
      if (u == null) {
        throw new InvalidConfigException(
            "baseUrl", "must be an http:// or https:// URL, was '" + Redaction.text(rawBaseUrl) + "'");
      }
      if (u.query() != null || u.fragment() != null) {
        throw new InvalidConfigException("baseUrl", "must not have a query or fragment");
      }
      if (u.username().length() > 0 || u.password().length() > 0) {
        throw new InvalidConfigException(
            "baseUrl", "must not carry credentials; use tokenSource(...)");
      }
      if (!u.encodedPath().endsWith("/")) {
        u = u.newBuilder().encodedPath(u.encodedPath() + "/").build();
      }
      this.baseUrl = u;
      return new WesClient(this);
    }
  }
}

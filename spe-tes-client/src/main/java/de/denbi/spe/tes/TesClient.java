package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.paging.Page;
import de.denbi.spe.core.paging.Paginator;
import de.denbi.spe.core.wait.Waiter;
import de.denbi.spe.tes.internal.TesErrorDecoder;
import de.denbi.spe.tes.internal.TesThreads;
import de.denbi.spe.tes.internal.Wire;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A client for one GA4GH TES server (TES 1.0 or 1.1; TESK, Funnel, any other). Immutable and
 * thread-safe: build once, share.
 *
 * <pre>{@code
 * TesClient tes = TesClient.builder()
 *     .baseUrl("https://tesk.example.org")       // /ga4gh/tes/v1, /v1 or the root: discovered
 *     .tokenSource(tokens)                        // or .basicAuth(user, password) for Funnel
 *     .build();
 * String id = tes.createTask(t -> t.name("hello")
 *     .executor(e -> e.image("alpine:3.20").command("echo", "hello")));
 * TesTask done = tes.waitFor(id, Duration.ofMinutes(30));
 * }</pre>
 *
 * <p><b>Base path and version.</b> On first use the client finds the API below the given URL:
 * {@code /ga4gh/tes/v1} (the specification, TESK), {@code /v1} (older Funnel and TESK) or the
 * URL itself, by asking each for {@code service-info} (and, for servers without one, {@code
 * tasks}). The TES version comes from {@code service-info}'s {@code type.version}. Against a
 * TES 1.0 server, 1.1-only task fields are refused before sending (their meaning would be lost
 * silently), the {@code streamable} hint is dropped, and state and tag filters are applied by the
 * client. A failed discovery (the server is down) is retried on the next call.
 *
 * <p><b>Retries.</b> GETs and cancel (idempotent by the specification) are retried per the
 * {@link SpeHttpClient}'s policy. A task submission ({@code POST /tasks}) is never sent twice: if
 * the connection fails after it may have reached the server, a {@link
 * de.denbi.spe.core.SpeConnectionException} says so and the caller decides.
 *
 * <p><b>Auth.</b> A bearer token from an {@link AccessTokenSource} (asked before every request,
 * so a long wait sees refreshed tokens; on 401 it is invalidated and the request repeated once)
 * or HTTP basic (Funnel).
 *
 * <p>Every submission and cancel is reported to the {@link AuditSink}.
 *
 * @since 0.1.0
 */
public final class TesClient {
  private static final String SERVICE = "TES";
  private static final String[] DISCOVERY_SUFFIXES = {"ga4gh/tes/v1", "v1", ""};

  private final SpeHttpClient http;
  private final HttpUrl configuredUrl;
  private final boolean discover;
  private final TesApiVersion forcedVersion;
  private final AuditSink audit;
  private final String actor;
  private final String name;
  private final ReentrantLock resolveLock = new ReentrantLock();
  private volatile Resolved resolved;

  private record Resolved(HttpUrl base, TesApiVersion version) {}

  private TesClient(Builder b) {
    SpeHttpClient.Builder hb =
        b.http != null ? b.http.newBuilder() : SpeHttpClient.builder();
    hb.serviceName(SERVICE).errorDecoder(new TesErrorDecoder());
    if (b.tokenSource != null) {
      hb.tokenSource(b.tokenSource);
    } else if (b.basicUser != null) {
      hb.basicAuth(b.basicUser, b.basicPassword);
    }
    if (b.httpConfig != null) {
      b.httpConfig.accept(hb);
    }
    this.http = hb.build();
    this.configuredUrl = b.url;
    this.discover = b.discover;
    this.forcedVersion = b.version;
    this.audit = b.audit;
    this.actor = b.actor;
    this.name = b.name != null ? b.name : b.url.host();
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
   * A client for a base URL with no authentication (local tests).
   *
   * @param baseUrl the server's URL
   * @return the client
   */
  public static TesClient of(String baseUrl) {
    return builder().baseUrl(baseUrl).build();
  }

  /**
   * The name used in messages, audit events and by {@link TesFederation}.
   *
   * @return the name (by default the URL's host)
   */
  public String name() {
    return name;
  }

  /**
   * The URL the client was built with.
   *
   * @return the configured URL
   */
  public String configuredUrl() {
    return configuredUrl.toString();
  }

  /**
   * The API's base URL after discovery, e.g. {@code https://tesk.example.org/ga4gh/tes/v1/}.
   *
   * @return the base URL (discovers it on first call)
   */
  public String baseUrl() {
    return resolve().base().toString();
  }

  /**
   * The TES version of the server.
   *
   * @return the version, {@link TesApiVersion#UNKNOWN} if the server does not say
   */
  public TesApiVersion apiVersion() {
    return resolve().version();
  }

  /**
   * The server's service-info, fetched now.
   *
   * @return the service-info
   */
  public TesServiceInfo serviceInfo() {
    return http.execute(http.get(url("service-info")), TesServiceInfo.class);
  }

  /**
   * Submits a task. The request is sent once: never repeated after it may have reached the
   * server.
   *
   * @param task the task, from {@link TesTask#builder()}
   * @return the id the server assigned
   * @throws InvalidRequestException if the task uses TES 1.1 fields and the server speaks 1.0
   */
  public String createTask(TesTask task) {
    Objects.requireNonNull(task, "task");
    Resolved r = resolve();
    TesTask toSend = r.version() == TesApiVersion.V1_0 ? downgradeTo10(task, r) : task;
    Request req =
        new Request.Builder()
            .url(r.base().newBuilder().addPathSegment("tasks").build())
            .post(http.jsonBody(Wire.CreateTaskBody.of(toSend)))
            .tag(Idempotency.class, Idempotency.NOT_IDEMPOTENT)
            .build();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("endpoint", name);
    details.put("executors", String.valueOf(task.executors().size()));
    if (task.name() != null) {
      details.put("name", task.name());
    }
    try {
      Wire.CreateTaskResponse resp = http.execute(req, Wire.CreateTaskResponse.class);
      if (resp.id() == null || resp.id().isBlank()) {
        throw new InvalidResponseException(
            new de.denbi.spe.core.ServiceErrorDetails(
                SERVICE, "POST", req.url().toString(), 200, null, null, null, null),
            "the reply to a task submission has no id; the task may have been created:"
                + " list the tasks before submitting again",
            null);
      }
      record(AuditOutcome.SUCCESS, "tes.task.create", taskResource(r, resp.id()), details);
      return resp.id();
    } catch (SpeException e) {
      record(outcomeOf(e), "tes.task.create", r.base() + "tasks", details);
      throw e;
    }
  }

  /**
   * Builds and submits a task.
   *
   * @param config configures a fresh {@link TesTask.Builder}
   * @return the id the server assigned
   */
  public String createTask(Consumer<TesTask.Builder> config) {
    TesTask.Builder b = TesTask.builder();
    config.accept(b);
    return createTask(b.build());
  }

  /**
   * A task in the {@link TesView#BASIC} view.
   *
   * @param id the task id
   * @return the task
   * @throws de.denbi.spe.core.NotFoundException if there is no such task
   */
  public TesTask getTask(String id) {
    return getTask(id, TesView.BASIC);
  }

  /**
   * A task in a view.
   *
   * @param id the task id
   * @param view how much of it
   * @return the task
   */
  public TesTask getTask(String id, TesView view) {
    requireId(id);
    Objects.requireNonNull(view, "view");
    HttpUrl u =
        resolve().base().newBuilder()
            .addPathSegment("tasks")
            .addPathSegment(id)
            .addQueryParameter("view", view.name())
            .build();
    TesTask t = http.execute(http.get(u), TesTask.class);
    return t.id() == null ? withId(t, id) : t;
  }

  /**
   * A task's state (one MINIMAL request).
   *
   * @param id the task id
   * @return the state
   */
  public TesState getState(String id) {
    return getTask(id, TesView.MINIMAL).state();
  }

  /**
   * All tasks, MINIMAL, lazily page by page.
   *
   * @return the listing
   */
  public Paginator<TesTask> listTasks() {
    return listTasks(TaskQuery.all());
  }

  /**
   * Tasks matching a query, lazily page by page ({@code stream().limit(n)} fetches only what it
   * needs). Works when a server ignores paging, and stops with {@link
   * de.denbi.spe.core.PagingException} when a server repeats page tokens.
   *
   * <p>Servers that cannot filter by state or tag (TES 1.0, TESK) get the filters the client
   * then applies itself; for tag filters it asks for the BASIC view, since MINIMAL tasks carry no
   * tags.
   *
   * @param query the filters, view and page size
   * @return the listing
   */
  public Paginator<TesTask> listTasks(TaskQuery query) {
    Objects.requireNonNull(query, "query");
    return Paginator.of(
        "TES tasks at " + name,
        token -> {
          Resolved r = resolve();
          boolean native11 = r.version() != TesApiVersion.V1_0;
          TesView view = query.view();
          boolean clientTagFilter = r.version() != TesApiVersion.V1_1 && !query.tags().isEmpty();
          if (clientTagFilter && view == TesView.MINIMAL) {
            view = TesView.BASIC;
          }
          TaskQuery effective =
              new TaskQuery(query.namePrefix(), query.state(), query.tags(), view, query.pageSize());
          HttpUrl.Builder u = r.base().newBuilder().addPathSegment("tasks");
          u.addQueryParameter("view", view.name());
          if (query.namePrefix() != null) {
            u.addQueryParameter("name_prefix", query.namePrefix());
          }
          if (native11 && query.state() != null) {
            u.addQueryParameter("state", query.state().name());
          }
          if (native11) {
            query.tags().forEach((k, v) -> u.addQueryParameter("tag_key", k).addQueryParameter("tag_value", v));
          }
          if (query.pageSize() != null) {
            u.addQueryParameter("page_size", query.pageSize().toString());
          }
          if (token != null) {
            u.addQueryParameter("page_token", token);
          }
          Wire.ListTasksResponse page = http.execute(http.get(u.build()), Wire.ListTasksResponse.class);
          List<TesTask> items = new ArrayList<>(page.tasks().size());
          for (TesTask t : page.tasks()) {
            if (effective.matches(t)) {
              items.add(t);
            }
          }
          return new Page<>(items, page.nextPageToken());
        });
  }

  /**
   * Cancels a task ({@code POST /tasks/{id}:cancel}). Idempotent: retried like a GET; canceling
   * an ended task is not an error for most servers.
   *
   * @param id the task id
   */
  public void cancelTask(String id) {
    requireId(id);
    Resolved r = resolve();
    Request req =
        new Request.Builder()
            .url(r.base().newBuilder().addPathSegment("tasks").addPathSegment(id + ":cancel").build())
            .post(RequestBody.create(new byte[0], SpeHttpClient.JSON))
            .tag(Idempotency.class, Idempotency.IDEMPOTENT)
            .build();
    Map<String, String> details = Map.of("endpoint", name);
    try {
      http.executeDiscarding(req);
      record(AuditOutcome.SUCCESS, "tes.task.cancel", taskResource(r, id), details);
    } catch (SpeException e) {
      record(outcomeOf(e), "tes.task.cancel", taskResource(r, id), details);
      throw e;
    }
  }

  /**
   * Waits until a task has ended, polling with backoff.
   *
   * @param id the task id
   * @param timeout the deadline
   * @return the ended task in the BASIC view
   * @throws de.denbi.spe.core.WaitTimeoutException at the deadline
   */
  public TesTask waitFor(String id, Duration timeout) {
    return waitFor(id, WaitOptions.defaults().withTimeout(timeout));
  }

  /**
   * Waits until a task has ended, on the calling thread.
   *
   * @param id the task id
   * @param options delays, deadline, progress callback and final view
   * @return the ended task in {@code options.finalView()}
   */
  public TesTask waitFor(String id, WaitOptions options) {
    TesTask last = waiter(id, options).await();
    return finalView(id, last, options);
  }

  /**
   * Waits in the background: polls run on virtual threads timed by one shared scheduler thread,
   * so thousands of tasks can be awaited at once without a thread each. Cancelling the future
   * stops the polling (not the task).
   *
   * @param id the task id
   * @param options delays, deadline, progress callback and final view
   * @return the future ended task
   */
  public CompletableFuture<TesTask> waitForAsync(String id, WaitOptions options) {
    CompletableFuture<TesTask> polling = waiter(id, options).awaitAsync();
    CompletableFuture<TesTask> result =
        polling.thenApplyAsync(last -> finalView(id, last, options), TesThreads.virtual());
    result.whenComplete(
        (v, e) -> {
          if (result.isCancelled()) {
            polling.cancel(false);
          }
        });
    return result;
  }

  /**
   * Waits for many tasks at once in the background.
   *
   * @param ids the task ids
   * @param options how to wait for each
   * @return a future of the ended tasks by id, in the order given; it fails with the first
   *     failure (the others keep polling until they end or fail)
   */
  public CompletableFuture<Map<String, TesTask>> waitForAllAsync(Collection<String> ids, WaitOptions options) {
    Map<String, CompletableFuture<TesTask>> futures = new LinkedHashMap<>();
    for (String id : ids) {
      futures.put(id, waitForAsync(id, options));
    }
    return CompletableFuture.allOf(futures.values().toArray(new CompletableFuture<?>[0]))
        .thenApply(
            v -> {
              Map<String, TesTask> out = new LinkedHashMap<>();
              futures.forEach((k, f) -> out.put(k, f.join()));
              return out;
            });
  }

  @Override
  public String toString() {
    return "TesClient[" + name + " " + configuredUrl + ", " + http + "]";
  }

  // ---------------------------------------------------------------------------------------

  private Waiter<TesTask> waiter(String id, WaitOptions options) {
    requireId(id);
    Objects.requireNonNull(options, "options");
    return Waiter.<TesTask>builder("TES task " + id + " at " + name, () -> getTask(id, TesView.MINIMAL))
        .until(t -> t.state().isTerminal())
        .onProgress(options.onProgress())
        .stateName(t -> t.state().name())
        .config(options.config())
        .build();
  }

  private TesTask finalView(String id, TesTask last, WaitOptions options) {
    return options.finalView() == TesView.MINIMAL ? last : getTask(id, options.finalView());
  }

  private HttpUrl url(String segment) {
    return resolve().base().newBuilder().addPathSegments(segment).build();
  }

  private Resolved resolve() {
    Resolved r = resolved;
    if (r != null) {
      return r;
    }
    resolveLock.lock();
    try {
      if (resolved == null) {
        resolved = discover ? discoverBase() : fixedBase();
      }
      return resolved;
    } finally {
      resolveLock.unlock();
    }
  }

  private Resolved fixedBase() {
    HttpUrl base = asDirectory(configuredUrl);
    if (forcedVersion != null) {
      return new Resolved(base, forcedVersion);
    }
    // an unreachable server propagates (nothing cached); a server without service-info is UNKNOWN
    try {
      return new Resolved(base, versionOf(fetchServiceInfo(base)));
    } catch (SpeServiceException e) {
      if (!absent(e)) {
        throw e;
      }
      return new Resolved(base, TesApiVersion.UNKNOWN);
    }
  }

  private Resolved discoverBase() {
    List<HttpUrl> candidates = new ArrayList<>();
    String path = configuredUrl.encodedPath();
    HttpUrl root = asDirectory(configuredUrl);
    if (path.endsWith("/ga4gh/tes/v1") || path.endsWith("/ga4gh/tes/v1/") || path.endsWith("/v1") || path.endsWith("/v1/")) {
      candidates.add(root);
    } else {
      for (String s : DISCOVERY_SUFFIXES) {
        candidates.add(s.isEmpty() ? root : root.newBuilder().addPathSegments(s + "/").build());
      }
    }
    for (HttpUrl c : candidates) {
      try {
        TesServiceInfo info = fetchServiceInfo(c);
        return new Resolved(c, forcedVersion != null ? forcedVersion : versionOf(info));
      } catch (SpeServiceException e) {
        if (!absent(e)) {
          throw e;
        }
      }
    }
    for (HttpUrl c : candidates) {
      HttpUrl probe =
          c.newBuilder().addPathSegment("tasks").addQueryParameter("view", "MINIMAL")
              .addQueryParameter("page_size", "1").build();
      try {
        JsonNode n = http.execute(http.get(probe), JsonNode.class);
        if (n.isObject()) {
          return new Resolved(c, forcedVersion != null ? forcedVersion : TesApiVersion.UNKNOWN);
        }
      } catch (SpeServiceException e) {
        if (!absent(e)) {
          throw e;
        }
      }
    }
    throw new InvalidConfigException(
        "tes.url",
        "no TES API found at "
            + configuredUrl
            + " (tried service-info and tasks below "
            + candidates
            + "); check the URL");
  }

  private TesServiceInfo fetchServiceInfo(HttpUrl base) {
    HttpUrl u = base.newBuilder().addPathSegment("service-info").build();
    JsonNode n = http.execute(http.get(u), JsonNode.class);
    if (!n.isObject()) {
      throw new InvalidResponseException(
          new de.denbi.spe.core.ServiceErrorDetails(SERVICE, "GET", u.toString(), 200, null, null, null, null),
          "service-info is not a JSON object",
          null);
    }
    try {
      return http.json().treeToValue(n, TesServiceInfo.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidResponseException(
          new de.denbi.spe.core.ServiceErrorDetails(SERVICE, "GET", u.toString(), 200, null, null, null, null),
          "service-info has unexpected types: " + e.getOriginalMessage(),
          null);
    }
  }

  private static TesApiVersion versionOf(TesServiceInfo info) {
    TesApiVersion v = info.apiVersion();
    if (v == TesApiVersion.UNKNOWN && !info.backendParameters().isEmpty()) {
      return TesApiVersion.V1_1;
    }
    return v;
  }

  private static boolean absent(SpeServiceException e) {
    int s = e.statusCode();
    return s == 404 || s == 405 || s == 501 || e instanceof InvalidResponseException;
  }

  private static HttpUrl asDirectory(HttpUrl u) {
    String p = u.encodedPath();
    return p.endsWith("/") ? u : u.newBuilder().encodedPath(p + "/").build();
  }

  private TesTask downgradeTo10(TesTask t, Resolved r) {
    String where = " is TES 1.1; the TES 1.0 server " + name + " (" + r.base() + ") would ignore it";
    if (t.resources() != null) {
      if (t.resources().backendParameters() != null && !t.resources().backendParameters().isEmpty()) {
        throw new InvalidRequestException("resources.backend_parameters", "backend_parameters" + where);
      }
      if (t.resources().backendParametersStrict() != null) {
        throw new InvalidRequestException("resources.backend_parameters_strict", "backend_parameters_strict" + where);
      }
    }
    for (int i = 0; i < t.executors().size(); i++) {
      if (t.executors().get(i).ignoreError() != null) {
        throw new InvalidRequestException("executors[" + i + "].ignore_error", "ignore_error" + where);
      }
    }
    for (int i = 0; i < t.outputs().size(); i++) {
      TesOutput o = t.outputs().get(i);
      if (o.hasWildcard() || o.pathPrefix() != null) {
        throw new InvalidRequestException("outputs[" + i + "].path", "wildcard outputs (path_prefix)" + where);
      }
    }
    // streamable is only a hint: drop it
    List<TesInput> inputs =
        t.inputs().stream()
            .map(i -> i.streamable() == null ? i : new TesInput(i.name(), i.description(), i.url(), i.path(), i.type(), i.content(), null))
            .toList();
    return new TesTask(
        t.id(), t.state(), t.name(), t.description(), inputs, t.outputs(), t.resources(),
        t.executors(), t.volumes(), t.tags(), t.logs(), t.creationTime());
  }

  private static TesTask withId(TesTask t, String id) {
    return new TesTask(
        id, t.state(), t.name(), t.description(), t.inputs(), t.outputs(), t.resources(),
        t.executors(), t.volumes(), t.tags(), t.logs(), t.creationTime());
  }

  private static String taskResource(Resolved r, String id) {
    return r.base().newBuilder().addPathSegment("tasks").addPathSegment(id).build().toString();
  }

  private void record(AuditOutcome outcome, String action, String resource, Map<String, String> details) {
    AuditSink.safeRecord(audit, AuditEvent.now(actor, SERVICE, action, resource, outcome, details));
  }

  private static AuditOutcome outcomeOf(SpeException e) {
    return e instanceof UnauthorizedException || e instanceof ForbiddenException
        ? AuditOutcome.DENIED
        : AuditOutcome.FAILURE;
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidRequestException("id", "a task id is required");
    }
  }

  /**
   * Builds a {@link TesClient}; {@link #build()} checks the configuration. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl url;
    private String rawUrl;
    private SpeHttpClient http;
    private Consumer<SpeHttpClient.Builder> httpConfig;
    private AccessTokenSource tokenSource;
    private String basicUser;
    private String basicPassword;
    private boolean discover = true;
    private TesApiVersion version;
    private AuditSink audit = AuditSink.noop();
    private String actor;
    private String name;
    private boolean allowPlainHttp;

    private Builder() {}

    /**
     * The server's URL: the API base ({@code .../ga4gh/tes/v1}) or the server root, from which
     * the base path is discovered.
     *
     * @param url an {@code https} URL ({@code http} only for loopback or with {@link
     *     #allowPlainHttp(boolean)})
     * @return this builder
     */
    public Builder baseUrl(String url) {
      this.rawUrl = url;
      return this;
    }

    /**
     * The HTTP client to build on (shares its pool, timeouts, retry policy, TLS settings). The
     * service name becomes {@code TES} and the error decoder the TES one.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Further HTTP settings (timeouts, retry policy, logging, certificates), applied last.
     *
     * @param config changes the {@link SpeHttpClient.Builder}
     * @return this builder
     */
    public Builder http(Consumer<SpeHttpClient.Builder> config) {
      this.httpConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Bearer authentication (TESK, LS Login); replaces basic authentication.
     *
     * @param source the token source
     * @return this builder
     */
    public Builder tokenSource(AccessTokenSource source) {
      this.tokenSource = Objects.requireNonNull(source, "source");
      this.basicUser = null;
      this.basicPassword = null;
      return this;
    }

    /**
     * HTTP basic authentication (Funnel); replaces a token source.
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, String password) {
      if (user == null || user.isBlank()) {
        throw new InvalidConfigException("tes.basicAuth.user", "must not be blank");
      }
      this.basicUser = user;
      this.basicPassword = Objects.requireNonNull(password, "password");
      this.tokenSource = null;
      return this;
    }

    /**
     * Whether to discover the base path (default true). Off: the URL is the API base as is.
     *
     * @param discover false to use the URL as given
     * @return this builder
     */
    public Builder discoverBasePath(boolean discover) {
      this.discover = discover;
      return this;
    }

    /**
     * Assume this TES version instead of reading it from service-info.
     *
     * @param v the version
     * @return this builder
     */
    public Builder apiVersion(TesApiVersion v) {
      this.version = Objects.requireNonNull(v, "version");
      return this;
    }

    /**
     * Where submissions and cancels are reported (default none).
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Who the audit events name as actor (the OIDC {@code sub}).
     *
     * @param actor the actor
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /**
     * The endpoint's name in messages, audit events and federations (default: the host).
     *
     * @param name e.g. {@code denbi-bielefeld}
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new InvalidConfigException("tes.name", "must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Allows plain {@code http} to a non-loopback host (a private test network). Tokens then
     * travel unencrypted.
     *
     * @param allow true to allow
     * @return this builder
     */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /**
     * Checks the configuration and builds the client (no request is sent yet).
     *
     * @return the client
     * @throws InvalidConfigException naming the bad setting
     */
    public TesClient build() {
      if (rawUrl == null || rawUrl.isBlank()) {
        throw new InvalidConfigException("tes.url", "the TES server URL is required");
      }
      HttpUrl u = HttpUrl.parse(rawUrl.strip());
      if (u == null) {
        throw new InvalidConfigException("tes.url", "not an http(s) URL: " + de.denbi.spe.core.http.Redaction.text(rawUrl));
      }
      if (u.query() != null || u.fragment() != null) {
        throw new InvalidConfigException("tes.url", "must not have a query or fragment");
      }
      if (!u.username().isEmpty() || !u.password().isEmpty()) {
        throw new InvalidConfigException(
            "tes.url", "must not contain credentials (user:password@); use basicAuth(...) or a token source");
      }
      if (!u.isHttps() && !allowPlainHttp && !loopback(u.host())) {
        throw new InvalidConfigException(
            "tes.url",
            "plain http to " + u.host() + " would send tokens unencrypted; use https (or allowPlainHttp(true) on a private test network)");
      }
      this.url = u;
      return new TesClient(this);
    }

    private static boolean loopback(String host) {
      if (host.equals("localhost")) {
        return true;
      }
      if (!host.matches("[0-9.]+") && !host.contains(":")) {
        return false; // a name other than localhost: never resolved here
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
  }
}

package de.denbi.spe.tes;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.profile.SiteProfile;
import de.denbi.spe.tes.internal.FederationSupport;
import de.denbi.spe.tes.internal.TesThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Several TES servers used as one: the ELIXIR TES network, or a site's TESK next to a Funnel.
 * A {@link PlacementStrategy} chooses where each task runs; the federation remembers which
 * endpoint owns each task, and gets, lists, cancels and awaits tasks across endpoints.
 *
 * <pre>{@code
 * TesFederation fed = TesFederation.builder()
 *     .endpoint(new TesEndpoint("bielefeld", teskBielefeld, Set.of("de-bi"), Set.of("s3.bi.denbi.de")))
 *     .endpoint(TesEndpoint.of(funnelBerlin).withDataHosts("s3.ber.denbi.de"))
 *     .strategy(PlacementStrategy.dataLocality())
 *     .build();
 * FederatedTaskId id = fed.createTask(task);          // e.g. bielefeld/task-1f2e
 * TesTask done = fed.waitFor(id, WaitOptions.defaults());
 * }</pre>
 *
 * <p><b>When an endpoint is down.</b> Placement only considers endpoints whose service-info
 * answered within {@link Builder#healthTtl(Duration)}; a submission whose connection could not
 * be opened (or that got 429/502/503) moves on to the next endpoint, but one that may have
 * reached a server is never repeated elsewhere (that could run the task twice). Listings skip an
 * endpoint that fails and report it in {@link Listing#failures()}. Gets, cancels and waits of
 * a task on a down endpoint fail with that endpoint's error (waits tolerate short outages, see
 * {@link de.denbi.spe.core.wait.WaiterConfig#maxConsecutiveErrors()}).
 *
 * @since 0.1.0
 */
public final class TesFederation {
  private final List<TesEndpoint> endpoints;
  private final Map<String, TesEndpoint> byName;
  private final PlacementStrategy strategy;
  private final Duration healthTtl;
  private final Duration healthTimeout;
  private final Clock clock;
  private final Map<String, EndpointHealth> health = new ConcurrentHashMap<>();
  private final Map<String, String> owners = new ConcurrentHashMap<>();

  private TesFederation(Builder b) {
    this.endpoints = List.copyOf(b.endpoints);
    Map<String, TesEndpoint> m = new LinkedHashMap<>();
    endpoints.forEach(e -> m.put(e.name(), e));
    this.byName = Collections.unmodifiableMap(m);
    this.strategy = b.strategy;
    this.healthTtl = b.healthTtl;
    this.healthTimeout = b.healthTimeout;
    this.clock = b.clock;
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
   * The endpoints, in the configured order.
   *
   * @return the endpoints
   */
  public List<TesEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * An endpoint by name.
   *
   * @param name the name
   * @return the endpoint
   * @throws InvalidRequestException if there is none
   */
  public TesEndpoint endpoint(String name) {
    TesEndpoint e = byName.get(name);
    if (e == null) {
      throw new InvalidRequestException("endpoint", "no endpoint '" + name + "' in this federation " + byName.keySet());
    }
    return e;
  }

  /**
   * The health of every endpoint, checking those whose last check is older than the TTL (in
   * parallel, each bounded by the health timeout).
   *
   * @return the health by endpoint name, in the configured order
   */
  public Map<String, EndpointHealth> health() {
    Instant now = clock.instant();
    Map<String, Future<EndpointHealth>> checks = new LinkedHashMap<>();
    for (TesEndpoint e : endpoints) {
      EndpointHealth h = health.get(e.name());
      if (h == null || !h.checkedAt().plus(healthTtl).isAfter(now)) {
        checks.put(e.name(), TesThreads.virtual().submit(() -> check(e)));
      }
    }
    for (Map.Entry<String, Future<EndpointHealth>> c : checks.entrySet()) {
      EndpointHealth h;
      try {
        h = c.getValue().get(healthTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException ex) {
        c.getValue().cancel(true);
        h = new EndpointHealth(c.getKey(), false, TesApiVersion.UNKNOWN, clock.instant(),
            "service-info did not answer within " + healthTimeout.toMillis() + " ms");
      } catch (ExecutionException ex) {
        h = down(c.getKey(), ex.getCause());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new SpeException("Interrupted while checking the TES endpoints", ex);
      }
      health.put(c.getKey(), h);
    }
    Map<String, EndpointHealth> out = new LinkedHashMap<>();
    endpoints.forEach(e -> out.put(e.name(), health.get(e.name())));
    return out;
  }

  /**
   * Submits a task where the strategy places it.
   *
   * @param task the task
   * @return the endpoint and the id it assigned
   * @throws SpeConnectionException if no endpoint is healthy or accepted it
   * @throws InvalidRequestException if the strategy finds no endpoint that fits
   */
  public FederatedTaskId createTask(TesTask task) {
    Objects.requireNonNull(task, "task");
    Map<String, EndpointHealth> h = health();
    List<TesEndpoint> healthy = endpoints.stream().filter(e -> h.get(e.name()).healthy()).toList();
    if (healthy.isEmpty()) {
      throw new SpeConnectionException(
          "No TES endpoint of the federation is healthy: " + problems(h) + ". Try again later.", null, true);
    }
    List<TesEndpoint> order = strategy.rank(task, healthy);
    if (order.isEmpty()) {
      throw new InvalidRequestException("task", "the placement strategy found no endpoint for this task");
    }
    List<String> skipped = new ArrayList<>();
    SpeException last = null;
    for (TesEndpoint e : order) {
      try {
        String id = e.client().createTask(task);
        owners.put(ownerKey(id), e.name());
        return new FederatedTaskId(e.name(), id);
      } catch (SpeConnectionException ex) {
        if (!FederationSupport.neverSent(ex)) {
          throw ex; // it may have reached the server: submitting elsewhere could run it twice
        }
        health.put(e.name(), down(e.name(), ex));
        skipped.add(e.name() + " (" + ex.getMessage() + ")");
        last = ex;
      } catch (SpeServiceException ex) {
        int s = ex.statusCode();
        if (s != 429 && s != 502 && s != 503) {
          throw ex;
        }
        health.put(e.name(), down(e.name(), ex));
        skipped.add(e.name() + " (HTTP " + s + ")");
        last = ex;
      }
    }
    throw new SpeConnectionException(
        "No TES endpoint accepted the task; tried " + String.join("; ", skipped) + ". None of them received it.",
        last != null && last.getCause() instanceof java.io.IOException io ? io : null,
        true);
  }

  /**
   * Builds and submits a task.
   *
   * @param config configures a fresh {@link TesTask.Builder}
   * @return the endpoint and the id it assigned
   */
  public FederatedTaskId createTask(Consumer<TesTask.Builder> config) {
    TesTask.Builder b = TesTask.builder();
    config.accept(b);
    return createTask(b.build());
  }

  /**
   * Finds the endpoint of a task id: from the tasks this federation created, else by asking
   * every endpoint (an endpoint that is down is skipped).
   *
   * @param taskId a task id
   * @return the federated id
   * @throws NotFoundException if no reachable endpoint knows it
   */
  public FederatedTaskId locate(String taskId) {
    if (taskId == null || taskId.isBlank()) {
      throw new InvalidRequestException("taskId", "a task id is required");
    }
    String owner = owners.get(ownerKey(taskId));
    if (owner != null) {
      return new FederatedTaskId(owner, taskId);
    }
    List<String> unreachable = new ArrayList<>();
    for (TesEndpoint e : endpoints) {
      try {
        e.client().getTask(taskId, TesView.MINIMAL);
        owners.put(ownerKey(taskId), e.name());
        return new FederatedTaskId(e.name(), taskId);
      } catch (NotFoundException ex) {
        // not this one
      } catch (SpeException ex) {
        unreachable.add(e.name());
      }
    }
    throw new NotFoundException(
        new ServiceErrorDetails("TES federation", "GET", "tasks/" + Redaction.text(taskId), 404, null,
            "no endpoint knows task " + taskId
                + (unreachable.isEmpty() ? "" : " (not asked, failing: " + unreachable + ")"),
            null, null));
  }

  /**
   * A task from its endpoint.
   *
   * @param id the federated id
   * @param view how much of it
   * @return the task
   */
  public TesTask getTask(FederatedTaskId id, TesView view) {
    return endpoint(id.endpoint()).client().getTask(id.taskId(), view);
  }

  /**
   * Cancels a task on its endpoint.
   *
   * @param id the federated id
   */
  public void cancelTask(FederatedTaskId id) {
    endpoint(id.endpoint()).client().cancelTask(id.taskId());
  }

  /**
   * Lists tasks on every endpoint in turn, lazily. An endpoint that fails is skipped and named
   * in {@link Listing#failures()}.
   *
   * @param query the filters, view and page size
   * @return the listing
   */
  public Listing listTasks(TaskQuery query) {
    return new Listing(Objects.requireNonNull(query, "query"));
  }

  /**
   * Waits for a task on its endpoint, on the calling thread.
   *
   * @param id the federated id
   * @param options how to wait
   * @return the ended task
   */
  public TesTask waitFor(FederatedTaskId id, WaitOptions options) {
    return endpoint(id.endpoint()).client().waitFor(id.taskId(), options);
  }

  /**
   * Waits for a task in the background (virtual threads, no thread per task).
   *
   * @param id the federated id
   * @param options how to wait
   * @return the future ended task
   */
  public CompletableFuture<TesTask> waitForAsync(FederatedTaskId id, WaitOptions options) {
    return endpoint(id.endpoint()).client().waitForAsync(id.taskId(), options);
  }

  /**
   * Waits for many tasks across endpoints; one endpoint failing does not stop the waits on the
   * others.
   *
   * @param ids the tasks
   * @param options how to wait for each
   * @return which tasks ended and which waits failed (an endpoint down, a timeout)
   */
  public WaitResult waitForAll(Collection<FederatedTaskId> ids, WaitOptions options) {
    Map<FederatedTaskId, CompletableFuture<TesTask>> futures = new LinkedHashMap<>();
    for (FederatedTaskId id : ids) {
      futures.put(id, waitForAsync(id, options));
    }
    Map<FederatedTaskId, TesTask> ended = new LinkedHashMap<>();
    Map<FederatedTaskId, RuntimeException> failed = new LinkedHashMap<>();
    futures.forEach(
        (id, f) -> {
          try {
            ended.put(id, f.join());
          } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            failed.put(id, c instanceof RuntimeException re ? re : new SpeException(c.toString(), c));
          }
        });
    return new WaitResult(ended, failed);
  }

  @Override
  public String toString() {
    return "TesFederation" + byName.keySet();
  }

  private EndpointHealth check(TesEndpoint e) {
    TesServiceInfo info = e.client().serviceInfo();
    TesApiVersion v = info.apiVersion();
    return new EndpointHealth(e.name(), true, v, clock.instant(), null);
  }

  private EndpointHealth down(String name, Throwable t) {
    String msg = t == null ? "unknown" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new EndpointHealth(name, false, TesApiVersion.UNKNOWN, clock.instant(), Redaction.text(msg));
  }

  private static String problems(Map<String, EndpointHealth> h) {
    StringBuilder sb = new StringBuilder();
    h.values().forEach(x -> sb.append(sb.isEmpty() ? "" : "; ").append(x.endpoint()).append(": ").append(x.problem()));
    return sb.toString();
  }

  private static String ownerKey(String id) {
    return id;
  }

  /**
   * The outcome of {@link #waitForAll}.
   *
   * @param ended the tasks that ended, by id
   * @param failed the waits that failed, by id, with why
   * @since 0.1.0
   */
  public record WaitResult(Map<FederatedTaskId, TesTask> ended, Map<FederatedTaskId, RuntimeException> failed) {
    /** Copies the maps. */
    public WaitResult {
      ended = Collections.unmodifiableMap(new LinkedHashMap<>(ended));
      failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }
  }

  /**
   * A listing across endpoints. Iterate it (or {@link #stream()}); afterwards {@link
   * #failures()} names the endpoints that were skipped.
   *
   * @since 0.1.0
   */
  public final class Listing implements Iterable<FederatedTask> {
    private final TaskQuery query;
    private final Map<String, SpeException> failures = new ConcurrentHashMap<>();

    private Listing(TaskQuery query) {
      this.query = query;
    }

    /**
     * The endpoints that failed during the iterations so far, with their errors.
     *
     * @return failures by endpoint name
     */
    public Map<String, SpeException> failures() {
      return Map.copyOf(failures);
    }

    /**
     * The tasks as a lazy stream.
     *
     * @return the stream
     */
    public Stream<FederatedTask> stream() {
      return StreamSupport.stream(spliterator(), false);
    }

    @Override
    public Iterator<FederatedTask> iterator() {
      return new Iterator<>() {
        private int index = -1;
        private Iterator<TesTask> current = Collections.emptyIterator();
        private String currentName;

        @Override
        public boolean hasNext() {
          while (true) {
            try {
              if (current.hasNext()) {
                return true;
              }
            } catch (SpeException e) {
              failures.put(currentName, e);
              current = Collections.emptyIterator();
            }
            if (++index >= endpoints.size()) {
              return false;
            }
            TesEndpoint e = endpoints.get(index);
            currentName = e.name();
            current = e.client().listTasks(query).iterator();
          }
        }

        @Override
        public FederatedTask next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return new FederatedTask(currentName, current.next());
        }
      };
    }
  }

  /**
   * Builds a {@link TesFederation}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<TesEndpoint> endpoints = new ArrayList<>();
    private PlacementStrategy strategy = PlacementStrategy.firstHealthy();
    private Duration healthTtl = Duration.ofSeconds(30);
    private Duration healthTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds an endpoint.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(TesEndpoint endpoint) {
      this.endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /**
     * Adds a client as an endpoint named after it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder endpoint(TesClient client) {
      return endpoint(TesEndpoint.of(client));
    }

    /**
     * Adds one endpoint per TES URL of a site profile ({@code tes.urls}, {@code SPE_TES_URLS}),
     * named after its host (with {@code -2}, {@code -3}, ... for a repeated host).
     *
     * @param profile the site profile
     * @param tokens the token source for all of them, or null for none
     * @return this builder
     * @throws InvalidConfigException if the profile has no TES URLs
     */
    public Builder siteProfile(SiteProfile profile, AccessTokenSource tokens) {
      java.util.Set<String> used = new java.util.HashSet<>();
      endpoints.forEach(e -> used.add(e.name()));
      for (java.net.URI u : profile.requireTesUrls()) {
        String base = u.getHost().replaceAll("[^A-Za-z0-9._-]", "_");
        String name = base;
        for (int i = 2; !used.add(name); i++) {
          name = base + "-" + i;
        }
        TesClient.Builder b = TesClient.builder().name(name).baseUrl(u.toString()).allowPlainHttp(true);
        if (tokens != null) {
          b.tokenSource(tokens);
        }
        endpoint(TesEndpoint.of(b.build()));
      }
      return this;
    }

    /**
     * How tasks are placed (default {@link PlacementStrategy#firstHealthy()}).
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder strategy(PlacementStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * How long a health check is trusted (default 30 s).
     *
     * @param ttl a positive duration
     * @return this builder
     */
    public Builder healthTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative()) {
        throw new InvalidConfigException("tes.federation.healthTtl", "must be zero or positive");
      }
      this.healthTtl = ttl;
      return this;
    }

    /**
     * How long a health check may take (default 10 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder healthTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new InvalidConfigException("tes.federation.healthTimeout", "must be positive");
      }
      this.healthTimeout = timeout;
      return this;
    }

    /**
     * The clock for health-check ages (tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the federation.
     *
     * @return the federation
     * @throws InvalidConfigException without endpoints or with duplicate names
     */
    public TesFederation build() {
      if (endpoints.isEmpty()) {
        throw new InvalidConfigException("tes.federation.endpoints", "at least one endpoint is required");
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (TesEndpoint e : endpoints) {
        if (!names.add(e.name())) {
          throw new InvalidConfigException(
              "tes.federation.endpoints", "the endpoint name '" + e.name() + "' is used twice");
        }
      }
      return new TesFederation(this);
    }
  }
}

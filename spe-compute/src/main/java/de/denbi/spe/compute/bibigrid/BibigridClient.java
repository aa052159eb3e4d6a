package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.wait.Waiter;
import de.denbi.spe.core.wait.WaiterConfig;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * A client for BiBiGrid's REST API (FastAPI, {@code bibigrid/core/startup_rest.py}):
 * requirements, validate, create, terminate, info, log, state, and a waiter until a cluster is
 * running.
 *
 * <pre>{@code
 * BibigridClient bibigrid = BibigridClient.builder().baseUrl("https://bibigrid.example.org").build();
 * ValidationResult v = bibigrid.validate(config);
 * String id = bibigrid.create(config);
 * ClusterState running = bibigrid.awaitRunning(id, WaiterConfig.defaults().withTimeout(Duration.ofHours(1)));
 * }</pre>
 *
 * <p>BiBiGrid answers a failed validation with HTTP 420, which {@link #validate} returns as a
 * {@link ValidationResult} with the log tail rather than throwing; other errors are the usual
 * {@link SpeServiceException}s. Creating is never retried automatically (it would start a second
 * cluster).
 *
 * @since 0.1.0
 */
public final class BibigridClient {
  /** BiBiGrid's cluster ids: 15 characters of this alphabet. */
  private static final Pattern CLUSTER_ID = Pattern.compile("[0-9a-km-z]{15}");
  private static final int LOG_TAIL_LINES = 40;

  private final HttpUrl base;
  private final SpeHttpClient http;
  private final AuditSink audit;
  private final String actor;

  private BibigridClient(Builder b) {
    this.base = b.base;
    SpeHttpClient.Builder hb = b.http != null ? b.http.newBuilder() : SpeHttpClient.builder();
    this.http = hb.serviceName("BiBiGrid").errorDecoder(d -> d.statusCode() == 420
        ? new ValidationFailed(d) : SpeServiceException.of(d)).build();
    this.audit = b.audit;
    this.actor = b.actor;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** BiBiGrid's 420 "Validation failed". */
  private static final class ValidationFailed extends SpeServiceException {
    @Serial private static final long serialVersionUID = 1L;

    ValidationFailed(ServiceErrorDetails d) {
      super(d);
    }
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder u = base.newBuilder().addPathSegment("bibigrid");
    for (String s : segments) {
      u.addPathSegment(s);
    }
    return u.build();
  }

  /**
   * Checks a cluster id.
   *
   * @param clusterId the id
   * @return the id
   */
  public static String checkClusterId(String clusterId) {
    if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
      throw new InvalidRequestException("clusterId",
          "BiBiGrid cluster ids are 15 characters of 0-9 and a-z without l, was '" + clusterId + "'");
    }
    return clusterId;
  }

  /**
   * The operating systems BiBiGrid supports on cluster nodes.
   *
   * @return OS distribution to supported versions, e.g. {@code ubuntu -> [22.04, 24.04]}
   */
  public Map<String, List<String>> requirements() {
    JsonNode r = http.execute(http.get(url("requirements")), JsonNode.class);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : r.path("cloud_node_requirements").path("os_distro").properties()) {
      List<String> v = new ArrayList<>();
      e.getValue().path("os_versions").forEach(x -> v.add(x.asText()));
      out.put(e.getKey(), v);
    }
    return out;
  }

  /**
   * Asks BiBiGrid to validate a configuration against the cloud (images, flavors, network,
   * quota, keys). Check it locally first with {@link BibigridConfiguration#requireValid()}.
   *
   * @param config the configuration
   * @return the verdict; on failure with the tail of BiBiGrid's log
   */
  public ValidationResult validate(BibigridConfiguration config) {
    Objects.requireNonNull(config, "config");
    Request req = new Request.Builder().url(url("validate"))
        .post(http.jsonBody(config.toRestBody(http.json())))
        .tag(Idempotency.class, Idempotency.IDEMPOTENT).build();
    try {
      JsonNode r = http.execute(req, JsonNode.class);
      return new ValidationResult(r.path("success").asBoolean(false), r.path("message").asText(""),
          r.path("cluster_id").asText(""), "");
    } catch (ValidationFailed e) {
      JsonNode body = e.errorBody().orElse(null);
      String id = body == null ? "" : body.path("cluster_id").asText("");
      String log = "";
      if (CLUSTER_ID.matcher(id).matches()) {
        try {
          log = log(id, LOG_TAIL_LINES);
        } catch (SpeException ignored) {
          log = "(log not available)";
        }
      }
      return new ValidationResult(false,
          body == null ? "Validation failed" : body.path("message").asText("Validation failed"), id, log);
    }
  }

  /**
   * Starts creating a cluster. Returns at once; await it with {@link #awaitRunning}.
   *
   * @param config the configuration
   * @return the new cluster's id
   */
  public String create(BibigridConfiguration config) {
    Objects.requireNonNull(config, "config");
    Request req = new Request.Builder().url(url("create").newBuilder().addPathSegment("").build())
        .post(http.jsonBody(config.toRestBody(http.json())))
        .tag(Idempotency.class, Idempotency.NOT_IDEMPOTENT).build();
    try {
      JsonNode r = http.execute(req, JsonNode.class);
      String id = r.path("cluster_id").asText("");
      record("cluster.create", id, AuditOutcome.SUCCESS, config);
      return id;
    } catch (SpeException e) {
      record("cluster.create", "(new)", AuditOutcome.FAILURE, config);
      throw e;
    }
  }

  /**
   * Starts terminating a cluster.
   *
   * @param clusterId the cluster
   * @param config its configuration (BiBiGrid needs the clouds it runs on)
   */
  public void terminate(String clusterId, BibigridConfiguration config) {
    checkClusterId(clusterId);
    Request req = new Request.Builder().url(url("terminate", clusterId))
        .post(http.jsonBody(config.toMinimalRestBody(http.json())))
        .tag(Idempotency.class, Idempotency.IDEMPOTENT).build();
    try {
      http.executeDiscarding(req);
      record("cluster.terminate", clusterId, AuditOutcome.SUCCESS, config);
    } catch (SpeException e) {
      record("cluster.terminate", clusterId, AuditOutcome.FAILURE, config);
      throw e;
    }
  }

  /**
   * The servers of a cluster.
   *
   * @param clusterId the cluster
   * @param config its configuration
   * @return what BiBiGrid lists
   * @throws de.denbi.spe.core.NotFoundException if BiBiGrid finds no such cluster
   */
  public ClusterInfo info(String clusterId, BibigridConfiguration config) {
    checkClusterId(clusterId);
    Request req = new Request.Builder().url(url("info", clusterId))
        .post(http.jsonBody(config.toMinimalRestBody(http.json())))
        .tag(Idempotency.class, Idempotency.IDEMPOTENT).build();
    return http.execute(req, ClusterInfo.class);
  }

  /**
   * BiBiGrid's log of a cluster.
   *
   * @param clusterId the cluster
   * @param lines only the last lines, or 0 for all
   * @return the log text
   */
  public String log(String clusterId, int lines) {
    checkClusterId(clusterId);
    HttpUrl.Builder u = url("log", clusterId).newBuilder();
    if (lines > 0) {
      u.addQueryParameter("lines", Integer.toString(lines));
    }
    JsonNode r = http.execute(http.get(u.build()), JsonNode.class);
    return r.path("log").isNull() ? "" : r.path("log").asText("");
  }

  /**
   * The state of a cluster.
   *
   * @param clusterId the cluster
   * @return its state
   * @throws de.denbi.spe.core.NotFoundException if BiBiGrid knows no such cluster
   */
  public ClusterState state(String clusterId) {
    checkClusterId(clusterId);
    return http.execute(http.get(url("state", clusterId)), ClusterState.class);
  }

  /**
   * Waits until a cluster is running.
   *
   * @param clusterId the cluster
   * @param config delays and timeout (creating a cluster takes 10-30 minutes)
   * @return the running state
   * @throws ClusterFailedException if it failed or was terminated, with the log tail
   * @throws de.denbi.spe.core.WaitTimeoutException at the deadline
   */
  public ClusterState awaitRunning(String clusterId, WaiterConfig config) {
    return awaitRunning(clusterId, config, s -> {});
  }

  /**
   * Waits until a cluster is running, telling a listener each state.
   *
   * @param clusterId the cluster
   * @param config delays and timeout
   * @param progress called with every polled state
   * @return the running state
   */
  public ClusterState awaitRunning(
      String clusterId, WaiterConfig config, Consumer<ClusterState> progress) {
    checkClusterId(clusterId);
    ClusterState s = Waiter.builder("BiBiGrid cluster " + clusterId, () -> state(clusterId))
        .until(st -> st.state() != null && st.state().isSettled())
        .stateName(st -> String.valueOf(st.state()))
        .onProgress(progress)
        .config(config)
        .build()
        .await();
    if (s.state() != ClusterState.State.RUNNING) {
      String tail;
      try {
        tail = log(clusterId, LOG_TAIL_LINES);
      } catch (SpeException e) {
        tail = "(log not available: " + e.getMessage() + ")";
      }
      throw new ClusterFailedException(clusterId, s.state(), s.message(), tail);
    }
    return s;
  }

  private void record(String action, String id, AuditOutcome outcome, BibigridConfiguration c) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("clouds", String.join(",", c.configurations().stream().map(CloudConfiguration::cloud)
        .map(String::valueOf).toList()));
    AuditSink.safeRecord(audit, AuditEvent.now(actor, "BiBiGrid", action, "bibigrid:" + id, outcome, d));
  }

  @Override
  public String toString() {
    return "BibigridClient[" + base + "]";
  }

  /**
   * Builds a {@link BibigridClient}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl base;
    private SpeHttpClient http;
    private AuditSink audit = AuditSink.noop();
    private String actor;

    private Builder() {}

    /**
     * BiBiGrid's base URL (the FastAPI root, without {@code /bibigrid}).
     *
     * @param url e.g. {@code https://bibigrid.example.org}
     * @return this builder
     */
    public Builder baseUrl(String url) {
      HttpUrl u = url == null ? null : HttpUrl.parse(url);
      if (u == null) {
        throw new InvalidConfigException("bibigrid.url", "not an http(s) URL: " + url);
      }
      this.base = u;
      return this;
    }

    /**
     * BiBiGrid's URL from a site profile ({@code bibigrid.url}).
     *
     * @param site the site profile
     * @return this builder
     */
    public Builder site(de.denbi.spe.core.profile.SiteProfile site) {
      return baseUrl(site.requireBibigridUrl().toString());
    }

    /**
     * The HTTP client to share (auth, TLS, timeouts, retries).
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Where cluster creation and termination are reported.
     *
     * @param sink the sink
     * @param actor who acts, for the audit trail
     * @return this builder
     */
    public Builder auditSink(AuditSink sink, String actor) {
      this.audit = Objects.requireNonNull(sink, "sink");
      this.actor = actor;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the client
     */
    public BibigridClient build() {
      if (base == null) {
        throw new InvalidConfigException("bibigrid.url", "must be set");
      }
      return new BibigridClient(this);
    }
  }
}

package de.denbi.spe.compute.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.compute.slurm.internal.RestJson;
import de.denbi.spe.compute.slurm.internal.SlurmErrorDecoder;
import de.denbi.spe.compute.slurm.internal.SshCommands;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.SpeHttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * SLURM over slurmrestd, authenticated with a JWT ({@code X-SLURM-USER-NAME} +
 * {@code X-SLURM-USER-TOKEN}, see {@link SlurmTokens}).
 *
 * <p>Speaks the OpenAPI plugin versions of SLURM 22.05 ({@code v0.0.38}, default, and
 * {@code v0.0.37}) and the differences of the later ones a site meets ({@code v0.0.39}+: numbers
 * as {@code {"set","number"}} objects, {@code environment} as a list, {@code job_state} as a
 * list, {@code exit_code} as an object). slurmrestd's error replies (HTTP 500 with a SLURM error
 * number) are mapped: an unknown job (2017) is a {@link NotFoundException}, an invalid request a
 * {@link de.denbi.spe.core.BadRequestException}; a rejected token a retry with a fresh one, then
 * {@link UnauthorizedException}.
 *
 * <pre>{@code
 * SlurmRestClient slurm = SlurmRestClient.builder()
 *     .baseUrl("https://slurm.example.org:6820")
 *     .user("alice")
 *     .tokenSource(SlurmTokens.fixed(System.getenv("SLURM_JWT")))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SlurmRestClient implements SlurmClient {
  private final HttpUrl base;
  private final String user;
  private final String version;
  private final AccessTokenSource tokens;
  private final SpeHttpClient http;
  private final AuditSink audit;
  private final String defaultDirectory;

  private SlurmRestClient(Builder b) {
    this.base = b.base;
    this.user = b.user;
    this.version = b.version;
    this.tokens = b.tokens;
    this.audit = b.audit;
    this.defaultDirectory = b.defaultDirectory;
    SpeHttpClient.Builder hb = b.http != null ? b.http.newBuilder() : SpeHttpClient.builder();
    this.http = hb.serviceName("slurmrestd").tokenSource(null).errorDecoder(new SlurmErrorDecoder()).build();
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
   * The API version this client speaks.
   *
   * @return e.g. {@code v0.0.38}
   */
  public String apiVersion() {
    return version;
  }

  private HttpUrl url(String... segments) {
    HttpUrl.Builder u = base.newBuilder().addPathSegment("slurm").addPathSegment(version);
    for (String s : segments) {
      u.addPathSegment(s);
    }
    return u.build();
  }

  private <T> T call(Request request, Function<Request, T> send) {
    AccessToken token = tokens.token();
    try {
      return send.apply(authorize(request, token));
    } catch (UnauthorizedException e) {
      tokens.invalidate(token);
      return send.apply(authorize(request, tokens.token()));
    }
  }

  private Request authorize(Request r, AccessToken token) {
    return r.newBuilder()
        .header("X-SLURM-USER-NAME", user)
        .header("X-SLURM-USER-TOKEN", token.value())
        .header("Accept", "application/json")
        .build();
  }

  private JsonNode get(HttpUrl url) {
    return call(http.get(url), r -> http.execute(r, JsonNode.class));
  }

  @Override
  public String submit(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Request req = new Request.Builder().url(url("job", "submit"))
        .post(okhttp3.RequestBody.create(
            RestJson.submission(spec, version, defaultDirectory).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            // slurmrestd 22.05 rejects "application/json; charset=utf-8" ("Unable to parse query")
            okhttp3.MediaType.get("application/json")))
        .tag(Idempotency.class, Idempotency.NOT_IDEMPOTENT)
        .build();
    JsonNode reply;
    try {
      reply = call(req, r -> http.execute(r, JsonNode.class));
    } catch (SpeException e) {
      record("job.submit", spec.name(), AuditOutcome.FAILURE, spec.name());
      throw e;
    }
    Long id = RestJson.number(reply.path("job_id"));
    if (id == null) {
      JsonNode errors = reply.path("errors");
      throw new InvalidResponseException(new ServiceErrorDetails("slurmrestd", "POST",
          url("job", "submit").toString(), 200, null,
          errors.isEmpty() ? "no job_id in the reply" : errors.toString(), reply, null),
          "no job id in the submission reply", null);
    }
    record("job.submit", id.toString(), AuditOutcome.SUCCESS, spec.name());
    return id.toString();
  }

  @Override
  public JobStatus status(String jobId) {
    SshCommands.jobId(jobId);
    JsonNode reply = get(url("job", jobId));
    JobStatus s = RestJson.jobs(reply.path("jobs"), List.of(jobId)).get(jobId);
    if (s == null) {
      throw new NotFoundException(new ServiceErrorDetails("slurmrestd", "GET",
          url("job", jobId).toString(), 404, null, "job " + jobId + " not in the reply", reply, null));
    }
    return s;
  }

  @Override
  public Map<String, JobStatus> statuses(Collection<String> jobIds) {
    jobIds.forEach(SshCommands::jobId);
    if (jobIds.isEmpty()) {
      return Map.of();
    }
    return RestJson.jobs(get(url("jobs")).path("jobs"), jobIds);
  }

  @Override
  public void cancel(String jobId) {
    SshCommands.jobId(jobId);
    Request req = new Request.Builder().url(url("job", jobId)).delete().build();
    try {
      call(req, r -> {
        http.executeDiscarding(r);
        return null;
      });
    } catch (SpeException e) {
      record("job.cancel", jobId, AuditOutcome.FAILURE, null);
      throw e;
    }
    record("job.cancel", jobId, AuditOutcome.SUCCESS, null);
  }

  @Override
  public List<JobStatus> jobs() {
    JsonNode all = get(url("jobs")).path("jobs");
    List<String> ids = new ArrayList<>();
    for (JsonNode j : all) {
      if (user.equals(j.path("user_name").asText())) {
        Long arr = RestJson.number(j.path("array_job_id"));
        String id = arr != null && arr > 0 ? arr.toString() : j.path("job_id").asText();
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return new ArrayList<>(RestJson.jobs(all, ids).values());
  }

  @Override
  public List<Partition> partitions() {
    return RestJson.partitions(get(url("partitions")));
  }

  @Override
  public List<Node> nodes() {
    return RestJson.nodes(get(url("nodes")));
  }

  /**
   * Asks slurmrestd whether the controller answers ({@code ping}).
   *
   * @return true if every controller answered UP
   */
  public boolean ping() {
    JsonNode pings = get(url("ping")).path("pings");
    boolean any = false;
    for (JsonNode p : pings) {
      any = true;
      String s = p.path("ping").asText(p.path("pinged").asText(""));
      if (!s.equalsIgnoreCase("UP")) {
        return false;
      }
    }
    return any;
  }

  private void record(String action, String resource, AuditOutcome outcome, String name) {
    AuditSink.safeRecord(audit, AuditEvent.now(user, "SLURM", action,
        "slurmrestd://" + base.host() + "/job/" + resource, outcome,
        name == null ? Map.of() : Map.of("name", name)));
  }

  /** Nothing to release (the HTTP pool is shared). */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "SlurmRestClient[" + base + ", user=" + user + ", version=" + version + ", tokens=" + tokens + "]";
  }

  /**
   * Builds a {@link SlurmRestClient}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl base;
    private String user;
    private String version = "v0.0.38";
    private AccessTokenSource tokens;
    private SpeHttpClient http;
    private AuditSink audit = AuditSink.noop();
    private String defaultDirectory = "/tmp";

    private Builder() {}

    /**
     * slurmrestd's base URL, e.g. {@code http://127.0.0.1:6820}.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder baseUrl(String url) {
      HttpUrl u = url == null ? null : HttpUrl.parse(url);
      if (u == null) {
        throw new InvalidConfigException("baseUrl", "not an http(s) URL: " + url);
      }
      this.base = u;
      return this;
    }

    /**
     * slurmrestd's URL from a site profile ({@code slurm.restUrl}).
     *
     * @param site the site's SLURM settings
     * @return this builder
     */
    public Builder site(de.denbi.spe.core.profile.SlurmSettings site) {
      if (site.restUrl() == null) {
        throw new InvalidConfigException("slurm.restUrl", "the site profile sets no slurmrestd URL");
      }
      return baseUrl(site.restUrl().toString());
    }

    /**
     * The user the token belongs to ({@code X-SLURM-USER-NAME}).
     *
     * @param user the user name
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Where tokens come from.
     *
     * @param source e.g. {@link SlurmTokens#fixed(String)}
     * @return this builder
     */
    public Builder tokenSource(AccessTokenSource source) {
      this.tokens = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The OpenAPI plugin version (default {@code v0.0.38}).
     *
     * @param version {@code v0.0.37} ... {@code v0.0.41}
     * @return this builder
     */
    public Builder apiVersion(String version) {
      if (version == null || !version.matches("v0\\.0\\.(3[7-9]|4[0-9])")) {
        throw new InvalidConfigException("apiVersion", "expected v0.0.37 to v0.0.49, was " + version);
      }
      this.version = version;
      return this;
    }

    /**
     * An HTTP client whose pool, timeouts, TLS and retry settings to share.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The working directory of jobs that set none (slurmrestd requires one; default
     * {@code /tmp}).
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder defaultWorkingDirectory(String dir) {
      this.defaultDirectory = Shell.oneLine(dir, "defaultWorkingDirectory");
      return this;
    }

    /**
     * Where submissions and cancels are reported.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the client
     */
    public SlurmRestClient build() {
      if (base == null) {
        throw new InvalidConfigException("baseUrl", "must be set");
      }
      if (user == null || !user.matches("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,63}")) {
        throw new InvalidConfigException("user", "must be a user name, was '" + Shell.printable(user) + "'");
      }
      if (tokens == null) {
        throw new InvalidConfigException("tokenSource", "must be set (see SlurmTokens)");
      }
      return new SlurmRestClient(this);
    }
  }
}

package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.storage.internal.StsReply;
import de.denbi.spe.storage.internal.Xml;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Temporary S3 credentials from STS {@code AssumeRoleWithWebIdentity}, with the web identity
 * token taken from any {@link AccessTokenSource} (the researcher's LS Login token, refreshed by
 * spe-auth). Works with MinIO, Ceph RGW and AWS: the reply is read by this SDK, not by
 * minio-java (whose provider cannot read RGW's nine fraction digits in {@code Expiration}).
 *
 * <p>Credentials are cached and renewed {@link Builder#refreshBefore(Duration) before} they
 * expire, so a transfer that runs for hours keeps working; one renewal runs at a time. If a
 * renewal fails while the old credentials are still valid, they are used on and the renewal is
 * tried again on the next request. When STS rejects the token, the token is
 * {@linkplain AccessTokenSource#invalidate invalidated} at its source and one new one tried.
 *
 * <pre>{@code
 * CredentialsProvider sts = StsCredentialsProvider.builder()
 *     .stsEndpoint(URI.create("https://s3.example.org"))
 *     .roleArn("arn:aws:iam:::role/spe-project-1")
 *     .webIdentity(tokenSource)
 *     .duration(Duration.ofHours(1))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StsCredentialsProvider implements CredentialsProvider {
  /** Shortest session STS grants (15 minutes). */
  public static final Duration MIN_DURATION = Duration.ofMinutes(15);
  /** Longest session STS grants (12 hours). */
  public static final Duration MAX_DURATION = Duration.ofHours(12);

  private final HttpUrl endpoint;
  private final String roleArn;
  private final AccessTokenSource tokenSource;
  private final Duration duration;
  private final String sessionPolicy;
  private final String roleSessionName;
  private final Duration refreshBefore;
  private final SpeHttpClient http;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile S3Credentials current;

  private StsCredentialsProvider(Builder b) {
    this.endpoint = b.endpoint;
    this.roleArn = b.roleArn;
    this.tokenSource = b.tokenSource;
    this.duration = b.duration;
    this.sessionPolicy = b.sessionPolicy;
    this.roleSessionName = b.roleSessionName;
    this.refreshBefore = b.refreshBefore;
    this.clock = b.clock;
    SpeHttpClient base = b.http != null ? b.http : SpeHttpClient.builder().serviceName("STS").build();
    this.http = base.newBuilder().serviceName("STS").errorDecoder(StsCredentialsProvider::decode).build();
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public S3Credentials credentials() {
    S3Credentials c = current;
    if (c != null && !c.expiresWithin(clock, margin(c))) {
      return c;
    }
    lock.lock();
    try {
      c = current;
      if (c != null && !c.expiresWithin(clock, margin(c))) {
        return c; // another thread renewed them while this one waited
      }
      try {
        S3Credentials fresh = assumeRole();
        current = fresh;
        return fresh;
      } catch (SpeException e) {
        if (c != null && !c.expiresWithin(clock, Duration.ofSeconds(30))) {
          System.getLogger(StsCredentialsProvider.class.getName())
              .log(System.Logger.Level.WARNING,
                  "renewing STS credentials failed; using the current ones until "
                      + c.expiration() + ": " + e.getMessage());
          return c;
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void invalidate(S3Credentials rejected) {
    lock.lock();
    try {
      if (current != null && current.equals(rejected)) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** How long before the expiry to renew: the configured margin, at most half the lifetime. */
  private Duration margin(S3Credentials c) {
    Duration half = duration.dividedBy(2);
    return refreshBefore.compareTo(half) > 0 ? half : refreshBefore;
  }

  private S3Credentials assumeRole() {
    AccessToken token = tokenSource.token();
    try {
      return call(token);
    } catch (SpeServiceException e) {
      if (isTokenRejection(e)) {
        tokenSource.invalidate(token);
        AccessToken again = tokenSource.token();
        if (!again.value().equals(token.value())) {
          return call(again);
        }
      }
      throw e;
    }
  }

  private static boolean isTokenRejection(SpeServiceException e) {
    String m = e.serverMessage().orElse("");
    return e.statusCode() == 401
        || m.contains("InvalidIdentityToken")
        || m.contains("ExpiredToken")
        || (e.statusCode() == 400 && m.toLowerCase(java.util.Locale.ROOT).contains("token"));
  }

  private S3Credentials call(AccessToken token) {
    FormBody.Builder form = new FormBody.Builder()
        .add("Action", "AssumeRoleWithWebIdentity")
        .add("Version", "2011-06-15")
        .add("WebIdentityToken", token.value())
        .add("RoleSessionName", roleSessionName)
        .add("DurationSeconds", Long.toString(duration.toSeconds()));
    if (roleArn != null) {
      form.add("RoleArn", roleArn);
    }
    if (sessionPolicy != null) {
      form.add("Policy", sessionPolicy);
    }
    Request req = new Request.Builder()
        .url(endpoint)
        .post(form.build())
        // the request has no side effect but the returned credentials: safe to send again
        .tag(Idempotency.class, Idempotency.IDEMPOTENT)
        .build();
    return http.execute(req, resp -> {
      byte[] body = resp.body().bytes();
      try {
        return StsReply.parse(body);
      } catch (IOException e) {
        throw new InvalidResponseException(new ServiceErrorDetails("STS", "POST",
            endpoint.toString(), resp.code(), resp.header("x-amz-request-id"),
            e.getMessage(), null, null), "The STS endpoint did not answer with credentials;"
            + " check that the STS endpoint is right.", e);
      }
    });
  }

  /** Turns an XML STS error ({@code <Error><Code>..</Code><Message>..</Message>}) into a message. */
  private static SpeServiceException decode(ServiceErrorDetails d) {
    String raw = d.serverMessage();
    String code = Xml.element(raw, "Code");
    String msg = Xml.element(raw, "Message");
    ServiceErrorDetails better = d;
    if (code != null) {
      better = d.withServerMessage(code + (msg == null || msg.isEmpty() ? "" : ": " + msg)
          + adviceFor(code));
    }
    return SpeServiceException.of(better);
  }

  private static String adviceFor(String code) {
    return switch (code) {
      case "InvalidIdentityToken", "ExpiredToken" ->
          " (the OIDC token was not accepted: log in again, and check that the store trusts"
              + " the token's issuer and audience)";
      case "AccessDenied" ->
          " (the role's trust policy does not allow this token: check the role ARN and the"
              + " role's conditions on the token's claims)";
      default -> "";
    };
  }

  @Override
  public String toString() {
    return "StsCredentialsProvider[endpoint=" + endpoint + ", roleArn=" + roleArn
        + ", duration=" + duration + ", current=" + current + "]";
  }

  /**
   * Builds a {@link StsCredentialsProvider}; {@link #build()} checks the settings and names the
   * bad one.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl endpoint;
    private String roleArn;
    private AccessTokenSource tokenSource;
    private Duration duration = Duration.ofHours(1);
    private String sessionPolicy;
    private String roleSessionName = "spe-sdk";
    private Duration refreshBefore = Duration.ofMinutes(5);
    private SpeHttpClient http;
    private Clock clock = Clock.systemUTC();
    private String badEndpoint;

    private Builder() {}

    /**
     * The STS endpoint (for MinIO and Ceph RGW usually the S3 endpoint).
     *
     * @param uri the endpoint
     * @return this builder
     */
    public Builder stsEndpoint(URI uri) {
      Objects.requireNonNull(uri, "stsEndpoint");
      HttpUrl u = HttpUrl.parse(uri.toString());
      this.endpoint = u;
      this.badEndpoint = u == null ? uri.toString() : null;
      return this;
    }

    /**
     * The role to assume ({@code RoleArn}); required by Ceph RGW and AWS, optional for MinIO.
     *
     * @param arn e.g. {@code arn:aws:iam:::role/spe-project-1}
     * @return this builder
     */
    public Builder roleArn(String arn) {
      this.roleArn = arn;
      return this;
    }

    /**
     * Where the OIDC token comes from.
     *
     * @param source the token source
     * @return this builder
     */
    public Builder webIdentity(AccessTokenSource source) {
      this.tokenSource = source;
      return this;
    }

    /**
     * How long each set of credentials lives ({@code DurationSeconds}, 15 min to 12 h; the
     * store may cap it lower).
     *
     * @param d the duration
     * @return this builder
     */
    public Builder duration(Duration d) {
      this.duration = d;
      return this;
    }

    /**
     * A session policy that narrows the role's permissions ({@code Policy}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder sessionPolicy(PolicyDocument policy) {
      this.sessionPolicy = policy == null ? null : policy.toJson();
      return this;
    }

    /**
     * A session policy as JSON text.
     *
     * @param json the policy JSON
     * @return this builder
     */
    public Builder sessionPolicy(String json) {
      this.sessionPolicy = json;
      return this;
    }

    /**
     * The {@code RoleSessionName} (shown in the store's logs); default {@code spe-sdk}.
     *
     * @param name 2 to 64 characters of {@code [\w+=,.@-]}
     * @return this builder
     */
    public Builder roleSessionName(String name) {
      this.roleSessionName = name;
      return this;
    }

    /**
     * How long before the expiry new credentials are fetched (default 5 minutes, at most half
     * the duration).
     *
     * @param margin the margin
     * @return this builder
     */
    public Builder refreshBefore(Duration margin) {
      this.refreshBefore = margin;
      return this;
    }

    /**
     * The HTTP client (TLS trust, timeouts, logging); its bearer token source, if any, is not
     * used for STS.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = client;
      return this;
    }

    /**
     * The clock for expiry decisions (tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
     * Checks the settings and builds the provider.
     *
     * @return the provider
     * @throws InvalidConfigException naming the bad setting
     */
    public StsCredentialsProvider build() {
      if (badEndpoint != null) {
        throw new InvalidConfigException("stsEndpoint", "not an http(s) URL: " + badEndpoint);
      }
      if (endpoint == null) {
        throw new InvalidConfigException("stsEndpoint", "is required (for MinIO and Ceph RGW"
            + " usually the S3 endpoint)");
      }
      if (tokenSource == null) {
        throw new InvalidConfigException("webIdentity", "an AccessTokenSource is required");
      }
      if (duration == null || duration.compareTo(MIN_DURATION) < 0
          || duration.compareTo(MAX_DURATION) > 0) {
        throw new InvalidConfigException("duration", "must be between 15 minutes and 12 hours,"
            + " was " + duration);
      }
      if (roleSessionName == null || !roleSessionName.matches("[\\w+=,.@-]{2,64}")) {
        throw new InvalidConfigException("roleSessionName",
            "must be 2 to 64 characters of letters, digits and +=,.@_-");
      }
      if (roleArn != null && !roleArn.startsWith("arn:")) {
        throw new InvalidConfigException("roleArn", "must be an ARN (arn:aws:iam::...:role/...),"
            + " was '" + roleArn + "'");
      }
      if (refreshBefore == null || refreshBefore.isNegative()) {
        throw new InvalidConfigException("refreshBefore", "must be zero or positive");
      }
      if (sessionPolicy != null && sessionPolicy.length() > 2048 * 4) {
        throw new InvalidConfigException("sessionPolicy", "is longer than STS accepts");
      }
      return new StsCredentialsProvider(this);
    }
  }
}

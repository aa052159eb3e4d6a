package de.denbi.spe.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.internal.ErrorReplies;
import de.denbi.spe.core.internal.LimitedInputStream;
import de.denbi.spe.core.internal.LoggingInterceptor;
import de.denbi.spe.core.internal.RequestHeadersInterceptor;
import de.denbi.spe.core.internal.RetryInterceptor;
import de.denbi.spe.core.internal.SdkVersion;
import de.denbi.spe.core.internal.SharedOkHttp;
import de.denbi.spe.core.internal.StaleConnectionInterceptor;
import de.denbi.spe.core.internal.Tls;
import de.denbi.spe.core.json.SpeJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP client every SPE client module is built on: an immutable, configured OkHttp client
 * plus error mapping and bounded JSON decoding.
 *
 * <p>What it does for every request:
 * <ul>
 *   <li>sets a User-Agent ({@code spe-sdk/<version> (<service>) Java/<version>});</li>
 *   <li>adds {@code Authorization: Bearer} from an {@link AccessTokenSource}; on 401 it
 *       invalidates the token, fetches a new one and retries once;</li>
 *   <li>retries idempotent requests per its {@link RetryPolicy} (never a POST that may have
 *       reached the server);</li>
 *   <li>logs, if asked, with every secret redacted ({@link HttpLogLevel});</li>
 *   <li>verifies TLS always, with extra trusted certificates if configured; only the explicitly
 *       named {@link Builder#insecureTrustAllCertificatesForDevelopmentOnly(boolean)} turns that
 *       off;</li>
 *   <li>maps error replies to {@link de.denbi.spe.core.SpeServiceException} subclasses, reading
 *       at most {@link Builder#maxErrorBodyBytes(int)} of an error body, and I/O failures to
 *       {@link SpeConnectionException}.</li>
 * </ul>
 *
 * <p>Build once and share; {@link #newBuilder()} makes a variant that shares the connection
 * pool and dispatcher.
 *
 * <pre>{@code
 * SpeHttpClient http = SpeHttpClient.builder()
 *     .serviceName("WES")
 *     .tokenSource(tokens)
 *     .build();
 * ServiceInfo info = http.execute(http.get(baseUrl.resolve("service-info")), ServiceInfo.class);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SpeHttpClient {
  private static final System.Logger LOG = System.getLogger(SpeHttpClient.class.getName());

  /** {@code application/json; charset=utf-8}. */
  public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Builder config;
  private final OkHttpClient base;
  private final OkHttpClient client;
  private final OkHttpClient freshConnectionClient;
  private final ObjectMapper json;

  private SpeHttpClient(Builder b) {
    this.config = b.copy();
    this.json = b.json;
    // without a client of the caller's, every SpeHttpClient shares one pool (64 idle
    // connections; OkHttp's default keeps 5, too few for parallel transfers and many polls)
    this.base = b.base != null ? b.base : SharedOkHttp.client();
    OkHttpClient.Builder ok =
        base.newBuilder()
            .retryOnConnectionFailure(false)
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .writeTimeout(b.writeTimeout)
            .callTimeout(b.callTimeout);
    ok.interceptors().clear();
    ok.networkInterceptors().clear();
    ok.addInterceptor(new RetryInterceptor(b.retryPolicy, b.retryListener, b.clock));
    // one request copy per attempt for User-Agent and Authorization (a fresh token each time)
    ok.addInterceptor(
        new RequestHeadersInterceptor(userAgent(b), b.tokenSource, b.basicAuthHeader));
    StaleConnectionInterceptor stale = new StaleConnectionInterceptor();
    ok.addNetworkInterceptor(stale);
    if (b.logLevel != HttpLogLevel.NONE) {
      ok.addNetworkInterceptor(new LoggingInterceptor(b.logLevel, b.serviceName));
    }
    if (b.trustAllForDevelopment) {
      LOG.log(
          System.Logger.Level.WARNING,
          "TLS certificate verification is OFF for "
              + b.serviceName
              + " (insecureTrustAllCertificatesForDevelopmentOnly). Never use this with real data.");
      Tls.Trust t = Tls.trustAllForDevelopmentOnly();
      HostnameVerifier any = (host, session) -> true;
      ok.sslSocketFactory(t.socketFactory(), t.trustManager()).hostnameVerifier(any);
    } else if (b.trustStore != null) {
      Tls.Trust t = Tls.fromKeyStore(b.trustStore);
      ok.sslSocketFactory(t.socketFactory(), t.trustManager());
    } else if (!b.extraCertificates.isEmpty()) {
      Tls.Trust t = Tls.withExtraCertificates(b.extraCertificates);
      ok.sslSocketFactory(t.socketFactory(), t.trustManager());
    }
    this.client = ok.build();
    stale.pool(client.connectionPool());
    // Non-idempotent requests never reuse an idle connection: a server may close one at any
    // moment (keep-alive timeout), and a POST failing on it could not be told apart from one
    // the server received. A pool that keeps no idle connection gives each a fresh one.
    this.freshConnectionClient =
        client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
  }

  private static String userAgent(Builder b) {
    String ua =
        "spe-sdk/"
            + SdkVersion.get()
            + " ("
            + b.serviceName
            + ") Java/"
            + Runtime.version().feature();
    return b.userAgentSuffix == null ? ua : ua + " " + b.userAgentSuffix;
  }

  /**
   * A new builder with defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder with this client's settings that shares its connection pool and dispatcher.
   *
   * @return the builder
   */
  public Builder newBuilder() {
    Builder b = config.copy();
    b.base = base;
    return b;
  }

  /**
   * The configured OkHttp client, for libraries that take one (minio-java). Requests through it
   * get the same auth, retries, logging and TLS, but no error mapping; and unlike
   * {@link #execute} they may send a non-idempotent request on a pooled keep-alive connection
   * (if the server closed it meanwhile, the request fails instead of being sent again).
   *
   * @return the client
   */
  public OkHttpClient okHttpClient() {
    return client;
  }

  /**
   * The configured OkHttp client for one request, for callers that must read error replies
   * themselves (an OAuth library parsing a 400): the same client as {@link #okHttpClient()},
   * except that a non-idempotent request gets one that never reuses an idle connection, as
   * {@link #execute} does.
   *
   * @param request the request to send
   * @return the client to send it with
   */
  public OkHttpClient okHttpClient(Request request) {
    return Idempotency.isIdempotent(request) ? client : freshConnectionClient;
  }

  /**
   * The JSON mapper this client decodes with.
   *
   * @return the mapper
   */
  public ObjectMapper json() {
    return json;
  }

  /**
   * The service name used in messages and the User-Agent.
   *
   * @return e.g. {@code WES}
   */
  public String serviceName() {
    return config.serviceName;
  }

  /**
   * A GET request builder for a URL.
   *
   * @param url the URL
   * @return the request
   */
  public Request get(okhttp3.HttpUrl url) {
    return new Request.Builder().url(url).get().build();
  }

  /**
   * A JSON request body for a value.
   *
   * @param value the value to serialize with this client's mapper
   * @return the body
   */
  public RequestBody jsonBody(Object value) {
    try {
      return RequestBody.create(json.writeValueAsBytes(value), JSON);
    } catch (JsonProcessingException e) {
      throw new de.denbi.spe.core.InvalidRequestException(
          "body", "cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Sends a request and decodes a 2xx JSON reply.
   *
   * @param request the request
   * @param type the type to decode to
   * @param <T> the result type
   * @return the decoded body
   * @throws de.denbi.spe.core.SpeServiceException on an error reply or an unreadable one
   * @throws SpeConnectionException if the service could not be reached
   */
  public <T> T execute(Request request, Class<T> type) {
    return execute(request, json.constructType(type));
  }

  /**
   * Sends a request and decodes a 2xx JSON reply to a generic type.
   *
   * @param request the request
   * @param type the type to decode to
   * @param <T> the result type
   * @return the decoded body
   */
  public <T> T execute(Request request, TypeReference<T> type) {
    return execute(request, json.getTypeFactory().constructType(type));
  }

  /**
   * Sends a request and decodes a 2xx JSON reply to a Jackson type.
   *
   * @param request the request
   * @param type the type to decode to
   * @param <T> the result type
   * @return the decoded body
   */
  public <T> T execute(Request request, JavaType type) {
    return execute(request, resp -> decode(resp, type));
  }

  /**
   * Sends a request whose 2xx reply has no body of interest.
   *
   * @param request the request
   */
  public void executeDiscarding(Request request) {
    execute(request, resp -> null);
  }

  /**
   * Sends a request and hands a 2xx reply to a handler; error replies become exceptions. The
   * response is closed after the handler returns.
   *
   * @param request the request
   * @param handler reads the reply
   * @param <T> the result type
   * @return what the handler returned
   */
  public <T> T execute(Request request, ResponseHandler<T> handler) {
    try (Response resp = open(request)) {
      try {
        return handler.handle(resp);
      } catch (IOException e) {
        throw connectionFailure(request, e, true);
      }
    }
  }

  /**
   * Sends a request and returns the open 2xx response, for streaming its body. The caller must
   * close it. Error replies become exceptions (and are closed).
   *
   * @param request the request
   * @return the open response
   */
  public Response open(Request request) {
    Response resp;
    try {
      resp = okHttpClient(request).newCall(request).execute();
    } catch (IOException e) {
      throw connectionFailure(request, e, false);
    }
    if (resp.isSuccessful()) {
      return resp;
    }
    try (resp) {
      ServiceErrorDetails d =
          ErrorReplies.details(
              config.serviceName, resp, config.maxErrorBodyBytes, json, config.clock);
      throw config.errorDecoder.decode(d);
    }
  }

  private <T> T decode(Response resp, JavaType type) throws IOException {
    ResponseBody body = resp.body();
    if (resp.code() == 204 || body.contentLength() == 0) {
      throw invalid(resp, "the body is empty", null);
    }
    try (InputStream in = new LimitedInputStream(body.byteStream(), config.maxResponseBytes)) {
      T value = json.readValue(in, type);
      if (value == null) {
        throw invalid(resp, "the body is JSON null", null);
      }
      return value;
    } catch (LimitedInputStream.LimitExceededException e) {
      throw invalid(resp, e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw invalid(
          resp,
          "not the expected JSON ("
              + type.getRawClass().getSimpleName()
              + "): "
              + Redaction.text(e.getOriginalMessage()),
          null);
    }
  }

  private InvalidResponseException invalid(Response resp, String problem, Throwable cause) {
    ServiceErrorDetails d =
        new ServiceErrorDetails(
            config.serviceName,
            resp.request().method(),
            Redaction.url(resp.request().url()),
            resp.code(),
            ErrorReplies.requestId(resp),
            null,
            null,
            null);
    return new InvalidResponseException(d, problem, cause);
  }

  private SpeException connectionFailure(Request req, IOException failure, boolean afterReply) {
    IOException e =
        failure instanceof StaleConnectionInterceptor.StaleConnectionException stale
            ? stale.failure()
            : failure;
    String url = Redaction.url(req.url());
    if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return new SpeException(
          "Interrupted while calling " + config.serviceName + " " + req.method() + " " + url, e);
    }
    String what = e.getClass().getSimpleName() + ": " + Redaction.text(e.getMessage());
    if (e instanceof SSLException) {
      return new SpeConnectionException(
          "TLS with "
              + config.serviceName
              + " at "
              + url
              + " failed ("
              + what
              + "). Certificates are always verified: if the site uses its own CA, add it with"
              + " trustedCertificates(...).",
          e,
          false);
    }
    boolean sentMaybe = !RetryInterceptor.neverSent(e);
    StringBuilder msg = new StringBuilder();
    msg.append(afterReply ? "Reading the reply of " : "Could not complete ")
        .append(config.serviceName)
        .append(' ')
        .append(req.method())
        .append(' ')
        .append(url)
        .append(" (")
        .append(what)
        .append(").");
    if (!sentMaybe) {
      msg.append(" The service is not reachable: check the URL, the network and that it runs.");
    } else if (!Idempotency.isIdempotent(req)) {
      msg.append(
          " The request may have reached the server and was not sent again: check whether it"
              + " took effect before repeating it.");
    } else {
      msg.append(" Retries were exhausted; try again later.");
    }
    return new SpeConnectionException(msg.toString(), e, true);
  }

  @Override
  public String toString() {
    return "SpeHttpClient[service="
        + config.serviceName
        + ", auth="
        + (config.tokenSource != null ? "bearer" : config.basicAuthHeader != null ? "basic" : "none")
        + ", retry="
        + config.retryPolicy
        + "]";
  }

  /**
   * Builds a {@link SpeHttpClient}. Not thread-safe; the built client is immutable.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String serviceName = "service";
    private OkHttpClient base;
    private AccessTokenSource tokenSource;
    private String basicAuthHeader;
    private String userAgentSuffix;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration writeTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ZERO;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryListener retryListener = RetryListener.none();
    private HttpLogLevel logLevel = HttpLogLevel.NONE;
    private List<X509Certificate> extraCertificates = new ArrayList<>();
    private KeyStore trustStore;
    private boolean trustAllForDevelopment;
    private long maxResponseBytes = 64L * 1024 * 1024;
    private int maxErrorBodyBytes = 64 * 1024;
    private ErrorDecoder errorDecoder = ErrorDecoder.standard();
    private ObjectMapper json = SpeJson.mapper();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.serviceName = serviceName;
      b.base = base;
      b.tokenSource = tokenSource;
      b.basicAuthHeader = basicAuthHeader;
      b.userAgentSuffix = userAgentSuffix;
      b.connectTimeout = connectTimeout;
      b.readTimeout = readTimeout;
      b.writeTimeout = writeTimeout;
      b.callTimeout = callTimeout;
      b.retryPolicy = retryPolicy;
      b.retryListener = retryListener;
      b.logLevel = logLevel;
      b.extraCertificates = new ArrayList<>(extraCertificates);
      b.trustStore = trustStore;
      b.trustAllForDevelopment = trustAllForDevelopment;
      b.maxResponseBytes = maxResponseBytes;
      b.maxErrorBodyBytes = maxErrorBodyBytes;
      b.errorDecoder = errorDecoder;
      b.json = json;
      b.clock = clock;
      return b;
    }

    /**
     * The service's name, for messages, logs and the User-Agent.
     *
     * @param name e.g. {@code WES}
     * @return this builder
     */
    public Builder serviceName(String name) {
      this.serviceName = requireText(name, "serviceName");
      return this;
    }

    /**
     * An OkHttp client whose connection pool and dispatcher to share (default: the SDK's shared
     * client, up to 64 idle connections). Its interceptors are not used.
     *
     * @param client the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.base = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Bearer authentication from a token source (replaces basic authentication).
     *
     * @param source the source, or null for none
     * @return this builder
     */
    public Builder tokenSource(AccessTokenSource source) {
      this.tokenSource = source;
      if (source != null) {
        this.basicAuthHeader = null;
      }
      return this;
    }

    /**
     * HTTP basic authentication (e.g. Funnel); replaces a token source.
     *
     * @param user the user name
     * @param password the password
     * @return this builder
     */
    public Builder basicAuth(String user, String password) {
      requireText(user, "basicAuth.user");
      Objects.requireNonNull(password, "password");
      this.basicAuthHeader = Credentials.basic(user, password, java.nio.charset.StandardCharsets.UTF_8);
      this.tokenSource = null;
      return this;
    }

    /**
     * Text appended to the User-Agent, e.g. {@code my-portal/2.1}.
     *
     * @param suffix the text
     * @return this builder
     */
    public Builder userAgentSuffix(String suffix) {
      if (suffix != null && suffix.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new InvalidConfigException("userAgentSuffix", "must be printable ASCII");
      }
      this.userAgentSuffix = suffix;
      return this;
    }

    /**
     * Connect timeout (default 10 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = nonNegative(timeout, "connectTimeout");
      return this;
    }

    /**
     * Read timeout between bytes (default 60 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = nonNegative(timeout, "readTimeout");
      return this;
    }

    /**
     * Write timeout between bytes (default 60 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = nonNegative(timeout, "writeTimeout");
      return this;
    }

    /**
     * Timeout for a whole call including retries (default none; transfers can be long).
     *
     * @param timeout the timeout, zero for none
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = nonNegative(timeout, "callTimeout");
      return this;
    }

    /**
     * The retry policy (default {@link RetryPolicy#defaults()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Listener told about every retry.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder retryListener(RetryListener listener) {
      this.retryListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How much to log (default {@link HttpLogLevel#NONE}); secrets are always redacted.
     *
     * @param level the level
     * @return this builder
     */
    public Builder logLevel(HttpLogLevel level) {
      this.logLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Trust these certificates in addition to the JDK's CAs (a site's own CA).
     *
     * @param pemFile a PEM file with one or more certificates
     * @return this builder
     */
    public Builder trustedCertificates(Path pemFile) {
      this.extraCertificates.addAll(Tls.readPem(pemFile, "trustedCertificates"));
      return this;
    }

    /**
     * Trust exactly the certificates of this trust store (instead of the JDK's CAs).
     *
     * @param trustStore the loaded trust store
     * @return this builder
     */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
      return this;
    }

    /**
     * Turns TLS certificate and host name verification OFF. For a developer's laptop against a
     * throw-away server only: anyone on the network can then read and change the traffic,
     * tokens included. Logged as a warning when the client is built.
     *
     * @param insecure true to turn verification off
     * @return this builder
     */
    public Builder insecureTrustAllCertificatesForDevelopmentOnly(boolean insecure) {
      this.trustAllForDevelopment = insecure;
      return this;
    }

    /**
     * The largest 2xx body {@code execute} decodes (default 64 MiB); larger ones fail with
     * {@link InvalidResponseException} instead of filling the heap.
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxResponseBytes(long bytes) {
      if (bytes < 1) {
        throw new InvalidConfigException("maxResponseBytes", "must be positive");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /**
     * How much of an error body is read (default 64 KiB).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxErrorBodyBytes(int bytes) {
      if (bytes < 1) {
        throw new InvalidConfigException("maxErrorBodyBytes", "must be positive");
      }
      this.maxErrorBodyBytes = bytes;
      return this;
    }

    /**
     * How error replies become exceptions (default {@link ErrorDecoder#standard()}).
     *
     * @param decoder the decoder
     * @return this builder
     */
    public Builder errorDecoder(ErrorDecoder decoder) {
      this.errorDecoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /**
     * The JSON mapper (default {@link SpeJson#mapper()}).
     *
     * @param mapper the mapper
     * @return this builder
     */
    public Builder json(ObjectMapper mapper) {
      this.json = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * The clock for {@code Retry-After} dates (tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Applies a configuration function, for {@code Consumer<Builder>} style.
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
     */
    public SpeHttpClient build() {
      return new SpeHttpClient(this);
    }

    private static String requireText(String s, String key) {
      if (s == null || s.isBlank()) {
        throw new InvalidConfigException(key, "must not be blank");
      }
      return s;
    }

    private static Duration nonNegative(Duration d, String key) {
      if (d == null || d.isNegative()) {
        throw new InvalidConfigException(key, "must be zero or positive, was " + d);
      }
      return d;
    }
  }
}

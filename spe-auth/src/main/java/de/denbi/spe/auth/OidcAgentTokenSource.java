package de.denbi.spe.auth;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.json.SpeJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Access tokens from a running <a href="https://indigo-dc.gitbook.io/oidc-agent/">oidc-agent</a>,
 * for users who already manage their LS Login account there: the request {@code
 * {"request":"access_token","account":...}} (or {@code "issuer"}) goes over the agent's UNIX
 * socket ({@code $OIDC_SOCK}); the token is cached until shortly before it expires.
 *
 * <pre>{@code
 * AccessTokenSource tokens = OidcAgentTokenSource.builder().account("lsaai").build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OidcAgentTokenSource implements AccessTokenSource {
  private static final int MAX_REPLY = 256 * 1024;
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "spe-oidc-agent-timeout");
            t.setDaemon(true);
            return t;
          });

  private final Path socket;
  private final String account;
  private final URI issuer;
  private final String scope;
  private final String audience;
  private final Duration minValid;
  private final Duration timeout;
  private final String applicationHint;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile AccessToken cached;

  private OidcAgentTokenSource(Builder b, Path socket) {
    this.socket = socket;
    this.account = b.account;
    this.issuer = b.issuer;
    this.scope = b.scope;
    this.audience = b.audience;
    this.minValid = b.minValid;
    this.timeout = b.timeout;
    this.applicationHint = b.applicationHint;
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

  @Override
  public AccessToken token() {
    AccessToken t = cached;
    if (t != null && !t.expiresWithin(clock, minValid)) {
      return t;
    }
    lock.lock();
    try {
      t = cached;
      if (t != null && !t.expiresWithin(clock, minValid)) {
        return t;
      }
      t = ask();
      cached = t;
      return t;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void invalidate(AccessToken rejected) {
    AccessToken t = cached;
    if (t != null && t.value().equals(rejected.value())) {
      cached = null;
    }
  }

  private AccessToken ask() {
    ObjectNode req = SpeJson.mapper().createObjectNode();
    req.put("request", "access_token");
    if (account != null) {
      req.put("account", account);
    } else {
      req.put("issuer", issuer.toString());
    }
    req.put("min_valid_period", minValid.toSeconds());
    req.put("application_hint", applicationHint);
    if (scope != null) {
      req.put("scope", scope);
    }
    if (audience != null) {
      req.put("audience", audience);
    }
    JsonNode reply = exchange(req.toString());
    String status = reply.path("status").asText("");
    if (!"success".equals(status)) {
      String err = Redaction.text(reply.path("error").asText("no error message"));
      throw new LoginRequiredException(
          "oidc-agent gave no token for " + target() + ": " + err
              + ". Load the account with 'oidc-add " + (account != null ? account : "<account>")
              + "' (or create it with oidc-gen), then try again.");
    }
    String at = reply.path("access_token").asText(null);
    if (at == null || at.isBlank()) {
      throw invalid("the reply has no access_token");
    }
    long exp = reply.path("expires_at").asLong(0);
    try {
      return new AccessToken(at, exp > 0 ? Instant.ofEpochSecond(exp) : null);
    } catch (IllegalArgumentException e) {
      throw invalid("the access_token is not a valid bearer token");
    }
  }

  private JsonNode exchange(String request) {
    UnixDomainSocketAddress addr = UnixDomainSocketAddress.of(socket);
    SocketChannel ch = null;
    ScheduledFuture<?> watchdog = null;
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch = channel;
      watchdog = WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
      ch.connect(addr);
      ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      return readReply(ch);
    } catch (java.nio.channels.AsynchronousCloseException e) {
      throw new SpeConnectionException(
          "oidc-agent at " + socket + " did not answer within " + timeout + ".", e, true);
    } catch (IOException e) {
      throw new SpeConnectionException(
          "Cannot talk to oidc-agent at " + socket + " (" + e.getMessage() + "). Is it running?"
              + " Start it with: eval \"$(oidc-agent-service use)\"",
          e,
          false);
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      closeQuietly(ch);
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing more to do with it
    }
  }

  private JsonNode readReply(SocketChannel ch) throws IOException {
    ByteArrayOutputStream acc = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (true) {
      buf.clear();
      int n = ch.read(buf);
      if (n > 0) {
        acc.write(buf.array(), 0, n);
        if (acc.size() > MAX_REPLY) {
          throw invalid("the reply is larger than " + MAX_REPLY + " bytes");
        }
      }
      if (acc.size() > 0) {
        try {
          JsonNode node = SpeJson.mapper().readTree(acc.toByteArray());
          if (node != null && node.isObject()) {
            return node; // the reply is one JSON object, complete now
          }
          if (node != null) {
            throw invalid("the reply is not a JSON object");
          }
        } catch (JsonEOFException e) {
          // incomplete: read on
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw invalid("the reply is not JSON");
        }
      }
      if (n < 0) {
        throw invalid(acc.size() == 0 ? "the agent closed the connection without a reply"
            : "the reply ended before the JSON was complete");
      }
    }
  }

  private InvalidResponseException invalid(String problem) {
    return new InvalidResponseException(
        new ServiceErrorDetails("oidc-agent", "access_token", socket.toString(), 0, null, null,
            null, null),
        problem,
        null);
  }

  private String target() {
    return account != null ? "account '" + account + "'" : "issuer " + issuer;
  }

  @Override
  public String toString() {
    return "OidcAgentTokenSource[" + target() + ", socket " + socket + "]";
  }

  /** Builds an {@link OidcAgentTokenSource}. */
  public static final class Builder {
    private Path socket;
    private String account;
    private URI issuer;
    private String scope;
    private String audience;
    private Duration minValid = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofSeconds(30);
    private String applicationHint = "spe-sdk";
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The agent's socket (default {@code $OIDC_SOCK}).
     *
     * @param socket the socket path
     * @return this builder
     */
    public Builder socket(Path socket) {
      this.socket = Objects.requireNonNull(socket, "socket");
      return this;
    }

    /**
     * The account short name as loaded in the agent (e.g. {@code lsaai}); or use {@link
     * #issuer(URI)}.
     *
     * @param account the short name
     * @return this builder
     */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /**
     * Ask for a token of any account of this issuer instead of a named account.
     *
     * @param issuer the issuer URL
     * @return this builder
     */
    public Builder issuer(URI issuer) {
      this.issuer = issuer;
      return this;
    }

    /**
     * Scopes to ask for (space-separated), default the account's.
     *
     * @param scope the scopes
     * @return this builder
     */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /**
     * An audience to ask for.
     *
     * @param audience the audience
     * @return this builder
     */
    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    /**
     * How long a token must still be valid when handed out (default 60 s).
     *
     * @param d the period
     * @return this builder
     */
    public Builder minValidPeriod(Duration d) {
      if (d == null || d.isNegative()) {
        throw new InvalidConfigException("minValidPeriod", "must be zero or positive, was " + d);
      }
      this.minValid = d;
      return this;
    }

    /**
     * How long to wait for the agent (default 30 s; it may ask the user to confirm).
     *
     * @param d the timeout
     * @return this builder
     */
    public Builder timeout(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new InvalidConfigException("timeout", "must be positive, was " + d);
      }
      this.timeout = d;
      return this;
    }

    /**
     * The name the agent shows when it asks the user to confirm (default {@code spe-sdk}).
     *
     * @param hint the name
     * @return this builder
     */
    public Builder applicationHint(String hint) {
      this.applicationHint = Objects.requireNonNull(hint, "hint");
      return this;
    }

    /**
     * The clock (tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the source; the agent is first asked on the first {@code token()}.
     *
     * @return the source
     * @throws InvalidConfigException if neither account nor issuer is set, or there is no socket
     */
    public OidcAgentTokenSource build() {
      if ((account == null) == (issuer == null)) {
        throw new InvalidConfigException("account", "set exactly one of account or issuer");
      }
      if (account != null && account.isBlank()) {
        throw new InvalidConfigException("account", "must not be blank");
      }
      Path s = socket;
      if (s == null) {
        String env = System.getenv("OIDC_SOCK");
        if (env == null || env.isBlank()) {
          throw new InvalidConfigException(
              "OIDC_SOCK", "is not set: start oidc-agent (eval \"$(oidc-agent-service use)\") or"
                  + " give the socket path");
        }
        s = Path.of(env);
      }
      return new OidcAgentTokenSource(this, s);
    }
  }
}

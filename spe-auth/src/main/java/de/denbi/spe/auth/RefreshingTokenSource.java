package de.denbi.spe.auth;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link AccessTokenSource} that refreshes its access token ahead of expiry. However many
 * threads ask at once, one refresh is in flight: the others wait for it and share its result
 * (or its failure). Rotated refresh tokens replace the old one, in the {@link TokenStore} too.
 *
 * <p>When the provider rejects the refresh token ({@code invalid_grant}) every caller gets a
 * {@link LoginRequiredException} that says the user must log in again, without further
 * requests, until {@link #update(TokenSet)} hands it new tokens (or, if configured, an
 * {@linkplain Builder#interactiveLogin(Supplier) interactive login} runs). A transient failure
 * (provider unreachable) is thrown to the callers that waited for that refresh; the next call
 * tries again.
 *
 * <pre>{@code
 * AccessTokenSource tokens = RefreshingTokenSource.builder(oidc)
 *     .store(FileTokenStore.defaultStore(), "default")      // log in once, refresh for weeks
 *     .deviceLoginWhenNeeded(a -> System.out.println(a.prompt()))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RefreshingTokenSource implements AccessTokenSource {

  /** Gets new tokens, given the current refresh token (which may be {@code null}). */
  @FunctionalInterface
  public interface Refresher {
    /**
     * Gets new tokens.
     *
     * @param refreshToken the current refresh token, or {@code null}
     * @return the new tokens
     */
    TokenSet refresh(String refreshToken);
  }

  private record State(
      TokenSet tokens, String refreshToken, boolean invalidated, long generation,
      RuntimeException failure, boolean loginRequired) {}

  private final Refresher refresher;
  private final Supplier<TokenSet> interactiveLogin;
  private final TokenStore store;
  private final TokenStore.Key storeKey;
  private final Duration refreshAhead;
  private final Clock clock;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger refreshes = new AtomicInteger();
  private volatile State state;

  private RefreshingTokenSource(Builder b) {
    this.refresher = b.refresher != null ? b.refresher : b.client::refresh;
    this.interactiveLogin = b.interactiveLogin;
    this.store = b.store;
    this.storeKey =
        b.store == null ? null : new TokenStore.Key(b.client.issuer(), b.client.clientId(), b.account);
    this.refreshAhead = b.refreshAhead;
    this.clock = b.clock;
    this.description = b.client == null ? "custom" : b.client.issuer() + ", client " + b.client.clientId();
    String refresh = null;
    if (b.initial != null) {
      refresh = b.initial.refreshToken();
    } else if (store != null) {
      refresh = store.load(storeKey).orElse(null);
    }
    this.state = new State(b.initial, refresh, false, 0, null, false);
    if (b.initial != null && store != null && refresh != null) {
      store.save(storeKey, refresh);
    }
  }

  /**
   * A builder whose default refresher is {@code client.refresh(refreshToken)}.
   *
   * @param client the provider's client
   * @return the builder
   */
  public static Builder builder(OidcClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * A builder with a refresher of your own (e.g. a portal's session); no store.
   *
   * @param refresher gets new tokens
   * @return the builder
   */
  public static Builder builder(Refresher refresher) {
    Builder b = new Builder(null);
    b.refresher = Objects.requireNonNull(refresher, "refresher");
    return b;
  }

  @Override
  public AccessToken token() {
    State s = state;
    if (usable(s)) {
      return s.tokens().accessToken();
    }
    long seen = s.generation();
    lock.lock();
    try {
      s = state;
      if (s.generation() != seen && s.failure() != null) {
        throw s.failure(); // the refresh we waited for failed: share its failure
      }
      if (usable(s)) {
        return s.tokens().accessToken();
      }
      if (s.loginRequired() && interactiveLogin == null) {
        throw s.failure();
      }
      return refreshLocked(s).accessToken();
    } finally {
      lock.unlock();
    }
  }

  private TokenSet refreshLocked(State s) {
    TokenSet fresh;
    try {
      if (interactiveLogin != null && (s.refreshToken() == null || s.loginRequired())) {
        fresh = interactiveLogin.get();
      } else {
        refreshes.incrementAndGet();
        fresh = refresher.refresh(s.refreshToken());
      }
    } catch (LoginRequiredException e) {
      if (store != null) {
        store.delete(storeKey);
      }
      LoginRequiredException clear =
          new LoginRequiredException(
              "No access token for " + description + ": " + e.getMessage()
                  + (interactiveLogin == null ? " Log in again (e.g. with a device login)." : ""),
              e);
      state = new State(s.tokens(), null, true, s.generation() + 1, clear, true);
      throw clear;
    } catch (SpeException e) {
      state = new State(s.tokens(), s.refreshToken(), s.invalidated(), s.generation() + 1, e, false);
      throw e;
    }
    String refresh = fresh.refreshToken() != null ? fresh.refreshToken() : s.refreshToken();
    if (fresh.refreshToken() == null && refresh != null) {
      fresh = fresh.withRefreshToken(refresh);
    }
    state = new State(fresh, refresh, false, s.generation() + 1, null, false);
    if (store != null && refresh != null && !refresh.equals(s.refreshToken())) {
      store.save(storeKey, refresh);
    }
    return fresh;
  }

  private boolean usable(State s) {
    return s.tokens() != null
        && !s.invalidated()
        && !s.loginRequired()
        && !s.tokens().accessToken().expiresWithin(clock, refreshAhead);
  }

  @Override
  public void invalidate(AccessToken rejected) {
    Objects.requireNonNull(rejected, "rejected");
    lock.lock();
    try {
      State s = state;
      if (s.tokens() != null && s.tokens().accessToken().value().equals(rejected.value())) {
        state = new State(s.tokens(), s.refreshToken(), true, s.generation(), null, s.loginRequired());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the tokens after a new login (and stores the refresh token). Clears a
   * login-required state.
   *
   * @param tokens the new tokens
   */
  public void update(TokenSet tokens) {
    Objects.requireNonNull(tokens, "tokens");
    lock.lock();
    try {
      State s = state;
      state = new State(tokens, tokens.refreshToken(), false, s.generation() + 1, null, false);
      if (store != null && tokens.refreshToken() != null) {
        store.save(storeKey, tokens.refreshToken());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The current tokens, without refreshing.
   *
   * @return the tokens, or {@code null} before the first token
   */
  public TokenSet currentTokens() {
    return state.tokens();
  }

  /**
   * How many refreshes were made (not counting interactive logins).
   *
   * @return the count
   */
  public int refreshCount() {
    return refreshes.get();
  }

  @Override
  public String toString() {
    State s = state;
    return "RefreshingTokenSource[" + description + ", "
        + (s.loginRequired() ? "login required" : s.tokens() == null ? "no token yet"
            : "token expires " + s.tokens().expiresAt().map(Object::toString).orElse("unknown"))
        + (store == null ? "" : ", store " + store) + "]";
  }

  /** Builds a {@link RefreshingTokenSource}. */
  public static final class Builder {
    private final OidcClient client;
    private Refresher refresher;
    private TokenSet initial;
    private TokenStore store;
    private String account = "default";
    private Supplier<TokenSet> interactiveLogin;
    private Duration refreshAhead = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();

    private Builder(OidcClient client) {
      this.client = client;
    }

    /**
     * The tokens of a login to start with.
     *
     * @param tokens the tokens
     * @return this builder
     */
    public Builder initialTokens(TokenSet tokens) {
      this.initial = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * How to get new tokens (default: the refresh grant of the client).
     *
     * @param refresher the refresher
     * @return this builder
     */
    public Builder refresher(Refresher refresher) {
      this.refresher = Objects.requireNonNull(refresher, "refresher");
      return this;
    }

    /**
     * Keeps the refresh token in a store under an account name, so that the next process
     * starts without a login.
     *
     * @param store the store
     * @param account a name for the account (several logins per issuer and client)
     * @return this builder
     */
    public Builder store(TokenStore store, String account) {
      this.store = Objects.requireNonNull(store, "store");
      TokenStore.Key.checkAccount(account);
      this.account = account;
      return this;
    }

    /**
     * A login to run when there is no refresh token or it was rejected (a notebook, a CLI).
     * Never set this in a server: the login blocks until a user finishes it.
     *
     * @param login runs a login and returns its tokens
     * @return this builder
     */
    public Builder interactiveLogin(Supplier<TokenSet> login) {
      this.interactiveLogin = Objects.requireNonNull(login, "login");
      return this;
    }

    /**
     * A device login when needed, showing the user what to do through {@code show}.
     *
     * @param show shows the user code and URL (print {@link DeviceAuthorization#prompt()}, or
     *     render {@link DeviceAuthorization#html()} in a notebook)
     * @return this builder
     */
    public Builder deviceLoginWhenNeeded(Consumer<DeviceAuthorization> show) {
      Objects.requireNonNull(show, "show");
      if (client == null) {
        throw new InvalidConfigException("deviceLoginWhenNeeded", "needs an OidcClient");
      }
      OidcClient c = client;
      return interactiveLogin(() -> {
        DeviceLogin login = c.startDeviceLogin();
        show.accept(login.authorization());
        return login.await();
      });
    }

    /**
     * How long before expiry a token is refreshed (default 60 s, which also absorbs clock
     * skew).
     *
     * @param ahead the margin
     * @return this builder
     */
    public Builder refreshAhead(Duration ahead) {
      if (ahead == null || ahead.isNegative()) {
        throw new InvalidConfigException("refreshAhead", "must be zero or positive, was " + ahead);
      }
      this.refreshAhead = ahead;
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
     * Builds the source. With a store and no initial tokens it reads the stored refresh token.
     *
     * @return the source
     */
    public RefreshingTokenSource build() {
      if (client == null && store != null) {
        throw new InvalidConfigException("store", "needs an OidcClient (issuer and client id)");
      }
      return new RefreshingTokenSource(this);
    }
  }
}

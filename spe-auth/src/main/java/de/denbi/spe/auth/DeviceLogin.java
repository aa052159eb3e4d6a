package de.denbi.spe.auth;

import de.denbi.spe.auth.LoginException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A device login (RFC 8628) in progress: show {@link #authorization()} to the user, then
 * {@link #await()} the tokens. The provider is polled at the interval it asked for, 5 s longer
 * after each {@code slow_down}; {@code authorization_pending} keeps polling, {@code
 * access_denied} and {@code expired_token} end the login with a {@link LoginException}.
 * {@link #cancel()} ends it from another thread.
 *
 * <pre>{@code
 * DeviceLogin login = oidc.startDeviceLogin();
 * System.out.println(login.authorization().prompt());
 * TokenSet tokens = login.await();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DeviceLogin {

  /** One poll of the token endpoint (implemented by {@link OidcClient}). */
  interface Poller {
    /**
     * Polls once.
     *
     * @return the tokens, or {@code null} while pending
     * @throws SlowDown when the provider asked to slow down
     */
    TokenSet poll();
  }

  /** The provider asked to poll less often. */
  static final class SlowDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SlowDown() {
      super("slow_down", null, false, false);
    }
  }

  /** Waits between polls (replaced in tests). */
  interface Sleeper {
    /**
     * Waits.
     *
     * @param d how long
     * @param cancelled counted down on cancel
     * @throws InterruptedException if interrupted
     */
    void sleep(Duration d, CountDownLatch cancelled) throws InterruptedException;
  }

  static final Sleeper REAL_SLEEPER =
      (d, cancelled) -> cancelled.await(d.toMillis(), TimeUnit.MILLISECONDS);

  /** Added to the interval on every {@code slow_down} (RFC 8628, section 3.5). */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  private final DeviceAuthorization authorization;
  private final Poller poller;
  private final Sleeper sleeper;
  private final Clock clock;
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private volatile Duration interval;

  DeviceLogin(DeviceAuthorization authorization, Poller poller, Sleeper sleeper, Clock clock) {
    this.authorization = Objects.requireNonNull(authorization, "authorization");
    this.poller = poller;
    this.sleeper = sleeper;
    this.clock = clock;
    this.interval = authorization.interval();
  }

  /**
   * What to show the user.
   *
   * @return the user code and verification URIs
   */
  public DeviceAuthorization authorization() {
    return authorization;
  }

  /**
   * The current polling interval (grows with {@code slow_down}).
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Polls until the user has finished, declined, the code expired, or the login was cancelled.
   *
   * @return the tokens
   * @throws LoginException with {@link Reason#DENIED}, {@link Reason#EXPIRED} or {@link
   *     Reason#CANCELLED}
   */
  public TokenSet await() {
    while (true) {
      checkNotOver();
      try {
        sleeper.sleep(interval, cancelled);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw cancelledException();
      }
      checkNotOver();
      try {
        TokenSet t = poller.poll();
        if (t != null) {
          return t;
        }
      } catch (SlowDown s) {
        interval = interval.plus(SLOW_DOWN_STEP);
      }
    }
  }

  private void checkNotOver() {
    if (isCancelled()) {
      throw cancelledException();
    }
    if (!clock.instant().isBefore(authorization.expiresAt())) {
      throw new LoginException(
          Reason.EXPIRED,
          "The device code expired at " + authorization.expiresAt()
              + " before the login was finished; start a new login.");
    }
  }

  /**
   * {@link #await()} on a virtual thread.
   *
   * @return the future tokens; cancelling the future cancels the login
   */
  public CompletableFuture<TokenSet> awaitAsync() {
    CompletableFuture<TokenSet> f = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        DeviceLogin.this.cancel();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    Thread.ofVirtual().name("spe-device-login").start(() -> {
      try {
        f.complete(await());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** Ends the login: a waiting {@link #await()} throws {@link Reason#CANCELLED} promptly. */
  public void cancel() {
    cancelled.countDown();
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return true if cancelled
   */
  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }

  private static LoginException cancelledException() {
    return new LoginException(Reason.CANCELLED, "The device login was cancelled.");
  }

  @Override
  public String toString() {
    return "DeviceLogin[" + authorization.verificationUri() + ", code " + authorization.userCode()
        + ", until " + authorization.expiresAt() + (isCancelled() ? ", cancelled" : "") + "]";
  }

  static Instant expiry(Clock clock, long lifetimeSeconds) {
    return clock.instant().plusSeconds(lifetimeSeconds > 0 ? lifetimeSeconds : 600);
  }
}

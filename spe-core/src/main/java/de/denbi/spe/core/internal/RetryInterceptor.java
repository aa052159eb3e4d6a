package de.denbi.spe.core.internal;

import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.http.RetryListener;
import de.denbi.spe.core.http.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries idempotent requests on retryable statuses and I/O failures with jittered exponential
 * backoff, honouring {@code Retry-After}. Non-idempotent requests are retried only when the
 * connection could not be opened, i.e. when the request certainly never left.
 */
public final class RetryInterceptor implements Interceptor {
  private final RetryPolicy policy;
  private final RetryListener listener;
  private final Clock clock;

  /**
   * Creates the interceptor.
   *
   * @param policy when to retry
   * @param listener told about each retry
   * @param clock for {@code Retry-After} dates
   */
  public RetryInterceptor(RetryPolicy policy, RetryListener listener, Clock clock) {
    this.policy = policy;
    this.listener = listener;
    this.clock = clock;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    boolean idempotent = Idempotency.isIdempotent(req);
    boolean replayable = req.body() == null || !req.body().isOneShot();
    boolean staleRetried = false;
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= policy.maxAttempts() || !replayable;
      Response resp;
      try {
        resp = chain.proceed(req);
      } catch (StaleConnectionInterceptor.StaleConnectionException stale) {
        // the server closed an idle keep-alive connection: nothing was processed for an
        // idempotent request, so repeat it at once (once) on a fresh connection
        if (idempotent && replayable && !staleRetried && !chain.call().isCanceled()) {
          staleRetried = true;
          attempt--;
          listener.onRetry(req.method(), Redaction.url(req.url()), 0, Duration.ZERO,
              "stale keep-alive connection: " + Redaction.text(stale.failure().getMessage()));
          continue;
        }
        IOException e = stale.failure();
        if (last || chain.call().isCanceled() || !retryableFailure(e, idempotent)) {
          throw e;
        }
        pause(req, attempt, policy.delayBeforeRetry(attempt), e.getClass().getSimpleName()
            + ": " + Redaction.text(e.getMessage()));
        continue;
      } catch (IOException e) {
        if (last || chain.call().isCanceled() || !retryableFailure(e, idempotent)) {
          throw e;
        }
        pause(req, attempt, policy.delayBeforeRetry(attempt), e.getClass().getSimpleName()
            + ": " + Redaction.text(e.getMessage()));
        continue;
      }
      if (last || !idempotent || !policy.retryableStatuses().contains(resp.code())) {
        return resp;
      }
      Duration delay = policy.delayBeforeRetry(attempt);
      Duration asked = RetryAfter.parse(resp.header("Retry-After"), clock);
      if (asked != null) {
        if (asked.compareTo(policy.maxRetryAfter()) > 0) {
          return resp; // longer than we are willing to wait: the caller decides
        }
        delay = asked;
      }
      resp.close();
      pause(req, attempt, delay, "HTTP " + resp.code());
    }
  }

  private void pause(Request req, int retry, Duration delay, String reason) throws IOException {
    listener.onRetry(req.method(), Redaction.url(req.url()), retry, delay, reason);
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ie = new InterruptedIOException("interrupted while waiting to retry");
      ie.initCause(e);
      throw ie;
    }
  }

  /**
   * Whether an I/O failure may be retried.
   *
   * @param e the failure
   * @param idempotent whether the request may be sent twice
   * @return true if a retry is safe and may help
   */
  static boolean retryableFailure(IOException e, boolean idempotent) {
    if (e instanceof SSLException || Thread.currentThread().isInterrupted()) {
      return false; // certificate problems do not go away; an interrupt means stop
    }
    if (neverSent(e)) {
      return true;
    }
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
      return false; // call timeout or cancellation
    }
    return idempotent;
  }

  /**
   * Whether the failure happened before any byte of the request was sent.
   *
   * @param e the failure
   * @return true for connection refused, unknown host, no route
   */
  public static boolean neverSent(IOException e) {
    return e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException
        || e instanceof PortUnreachableException;
  }
}

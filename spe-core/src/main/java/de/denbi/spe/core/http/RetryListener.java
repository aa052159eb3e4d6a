package de.denbi.spe.core.http;

import java.time.Duration;

/**
 * Told about every retry the HTTP layer makes, e.g. for metrics or a progress display.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryListener {

  /**
   * A request failed and will be sent again after {@code delay}.
   *
   * @param method the HTTP method
   * @param url the URL, redacted
   * @param retry the number of this retry, starting at 1
   * @param delay how long the layer waits before it
   * @param reason why: {@code HTTP 503}, or the exception's class and message
   */
  void onRetry(String method, String url, int retry, Duration delay, String reason);

  /**
   * A listener that does nothing.
   *
   * @return the listener
   */
  static RetryListener none() {
    return (m, u, r, d, why) -> {};
  }
}

package de.denbi.spe.core.http;

import de.denbi.spe.core.InvalidConfigException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often the HTTP layer retries a request.
 *
 * <p>Only idempotent requests are retried (GET, HEAD, OPTIONS, PUT, DELETE, and any request
 * tagged {@link Idempotency#IDEMPOTENT}); a POST that creates something is never sent again once
 * it may have reached the server. For non-idempotent requests only a failure to connect (the
 * request never left) is retried.
 *
 * <p>Delays grow exponentially from {@code baseDelay}, are capped at {@code maxDelay} and
 * jittered ("full jitter": uniformly between half the delay and the delay). A {@code
 * Retry-After} header is honoured up to {@code maxRetryAfter}; a server asking for longer gets
 * its error returned to the caller at once ({@link de.denbi.spe.core.TooManyRequestsException}
 * carries the delay).
 *
 * @param maxAttempts total attempts including the first, at least 1 (1 disables retries)
 * @param baseDelay the delay before the first retry
 * @param maxDelay the cap on any computed delay
 * @param maxRetryAfter the longest {@code Retry-After} that is waited for
 * @param retryableStatuses HTTP statuses that are retried for idempotent requests
 * @since 0.1.0
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration maxRetryAfter,
    Set<Integer> retryableStatuses) {

  /** Statuses retried by default: timeouts, throttling and gateway/availability failures. */
  public static final Set<Integer> DEFAULT_RETRYABLE_STATUSES = Set.of(408, 429, 502, 503, 504);

  /** Validates the values. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidConfigException("retry.maxAttempts", "must be at least 1, was " + maxAttempts);
    }
    positive("retry.baseDelay", baseDelay);
    positive("retry.maxDelay", maxDelay);
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new InvalidConfigException("retry.maxDelay", "must not be shorter than baseDelay");
    }
    retryableStatuses = Set.copyOf(retryableStatuses);
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidConfigException(key, "must be a positive duration, was " + d);
    }
  }

  /**
   * The default: 4 attempts, 200 ms base delay, 10 s cap, {@code Retry-After} up to 60 s.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        4,
        Duration.ofMillis(200),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        DEFAULT_RETRYABLE_STATUSES);
  }

  /**
   * A policy that never retries.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return new RetryPolicy(
        1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO, DEFAULT_RETRYABLE_STATUSES);
  }

  /**
   * The same policy with another number of attempts.
   *
   * @param attempts total attempts including the first
   * @return the copy
   */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, baseDelay, maxDelay, maxRetryAfter, retryableStatuses);
  }

  /**
   * The same policy with other delays.
   *
   * @param base delay before the first retry
   * @param max cap on every delay
   * @return the copy
   */
  public RetryPolicy withDelays(Duration base, Duration max) {
    return new RetryPolicy(maxAttempts, base, max, maxRetryAfter, retryableStatuses);
  }

  /**
   * The same policy with another limit for {@code Retry-After}.
   *
   * @param max the longest server-requested delay to wait for
   * @return the copy
   */
  public RetryPolicy withMaxRetryAfter(Duration max) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, max, retryableStatuses);
  }

  /**
   * The jittered delay before retry number {@code retry} (1 for the first retry). Never more
   * than {@link #maxDelay()}, never less than half of the un-jittered delay.
   *
   * @param retry the retry number, starting at 1
   * @return the delay
   */
  public Duration delayBeforeRetry(int retry) {
    long base = baseDelay.toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long exp = base << shift;
    long capped = (exp <= 0 || exp > cap) ? cap : exp;
    long half = capped / 2;
    long jittered = half + ThreadLocalRandom.current().nextLong(capped - half + 1);
    return Duration.ofMillis(Math.min(jittered, cap));
  }
}

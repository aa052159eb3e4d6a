package de.denbi.spe.core.wait;

import de.denbi.spe.core.InvalidConfigException;
import java.time.Duration;

/**
 * How a {@link Waiter} polls: the first poll is immediate, the next after {@code initialDelay},
 * then each delay grows by {@code multiplier} up to {@code maxDelay} (with ±10 % jitter so that
 * many waiters do not poll in step), until {@code timeout} has passed.
 *
 * @param initialDelay delay before the second poll
 * @param maxDelay cap on the delay between polls
 * @param multiplier growth factor of the delay, at least 1
 * @param timeout how long to wait in total before {@link de.denbi.spe.core.WaitTimeoutException}
 * @param maxConsecutiveErrors how many retryable poll failures in a row are tolerated
 * @since 0.1.0
 */
public record WaiterConfig(
    Duration initialDelay,
    Duration maxDelay,
    double multiplier,
    Duration timeout,
    int maxConsecutiveErrors) {

  /** Validates the values. */
  public WaiterConfig {
    positive("wait.initialDelay", initialDelay);
    positive("wait.maxDelay", maxDelay);
    positive("wait.timeout", timeout);
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new InvalidConfigException("wait.maxDelay", "must not be shorter than initialDelay");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new InvalidConfigException("wait.multiplier", "must be a number >= 1, was " + multiplier);
    }
    if (maxConsecutiveErrors < 0) {
      throw new InvalidConfigException("wait.maxConsecutiveErrors", "must be >= 0");
    }
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidConfigException(key, "must be a positive duration, was " + d);
    }
  }

  /**
   * Defaults for remote jobs: 1 s, growing by 1.5 up to 30 s, for at most 24 h, 5 errors.
   *
   * @return the defaults
   */
  public static WaiterConfig defaults() {
    return new WaiterConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), 1.5, Duration.ofHours(24), 5);
  }

  /**
   * The same with another timeout.
   *
   * @param t the timeout
   * @return the copy
   */
  public WaiterConfig withTimeout(Duration t) {
    return new WaiterConfig(initialDelay, maxDelay, multiplier, t, maxConsecutiveErrors);
  }

  /**
   * The same with other delays.
   *
   * @param initial delay before the second poll
   * @param max cap on the delay
   * @return the copy
   */
  public WaiterConfig withDelays(Duration initial, Duration max) {
    return new WaiterConfig(initial, max, multiplier, timeout, maxConsecutiveErrors);
  }

  /**
   * The delay before poll number {@code poll + 1} (poll 1 is the first), without jitter.
   *
   * @param poll the number of polls made so far, at least 1
   * @return the delay
   */
  public Duration delayAfter(int poll) {
    double ms = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, poll - 1));
    long capped = (long) Math.min(ms, maxDelay.toMillis());
    return Duration.ofMillis(Math.max(capped, 1));
  }
}

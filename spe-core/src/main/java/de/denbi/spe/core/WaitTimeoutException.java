package de.denbi.spe.core;

import java.io.Serial;
import java.time.Duration;

/**
 * A {@link de.denbi.spe.core.wait.Waiter} reached its deadline before the awaited resource
 * reached a terminal state. The resource itself is untouched: it may still finish.
 *
 * @since 0.1.0
 */
public class WaitTimeoutException extends SpeException {
  @Serial private static final long serialVersionUID = 1L;

  private final String lastState;
  private final Duration waited;

  /**
   * Creates the exception.
   *
   * @param what what was awaited, e.g. {@code WES run 1234}
   * @param waited how long it was awaited
   * @param lastState the last state seen, or {@code null} if none was seen
   */
  public WaitTimeoutException(String what, Duration waited, String lastState) {
    super(
        "Gave up waiting for "
            + what
            + " after "
            + waited.toMillis()
            + " ms"
            + (lastState == null ? " (no state seen)" : "; last state: " + lastState)
            + ". It may still finish: wait again with a longer timeout, or cancel it.");
    this.lastState = lastState;
    this.waited = waited;
  }

  /**
   * The last state seen before the deadline.
   *
   * @return its string form, or {@code null} if none was seen
   */
  public String lastState() {
    return lastState;
  }

  /**
   * How long it was awaited.
   *
   * @return the time from the start of the wait to the deadline
   */
  public Duration waited() {
    return waited;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

package de.denbi.spe.tes;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * The state of a TES task. Unknown values (a newer server, a typo in a dialect) read as
 * {@link #UNKNOWN}, never as an error.
 *
 * <p>Terminal are {@link #COMPLETE}, {@link #EXECUTOR_ERROR}, {@link #SYSTEM_ERROR},
 * {@link #CANCELED} and {@link #PREEMPTED}; {@link #CANCELING} (TES 1.1) is not: the server is
 * still deleting the task's resources.
 *
 * @since 0.1.0
 */
public enum TesState {
  /** The state is unknown (also: a value this SDK does not know, or a missing field). */
  @JsonEnumDefaultValue
  UNKNOWN,
  /** Waiting for resources. */
  QUEUED,
  /** Assigned to a worker, preparing (downloading inputs). */
  INITIALIZING,
  /** The first executor has started. */
  RUNNING,
  /** Paused by the system. */
  PAUSED,
  /** All executors exited with 0 and the outputs were uploaded. */
  COMPLETE,
  /** An executor failed (non-zero exit code). */
  EXECUTOR_ERROR,
  /** The system failed (an upload, a full disk), not an executor. */
  SYSTEM_ERROR,
  /** Canceled by the user; resources deleted. */
  CANCELED,
  /** Stopped by the system to reclaim capacity (TES 1.1). */
  PREEMPTED,
  /** Canceled by the user, resources still being deleted (TES 1.1); not terminal. */
  CANCELING;

  /**
   * Whether the task has ended and will not change any more.
   *
   * @return true for COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED, PREEMPTED
   */
  public boolean isTerminal() {
    return switch (this) {
      case COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED, PREEMPTED -> true;
      default -> false;
    };
  }

  /**
   * Whether the task ended successfully.
   *
   * @return true only for COMPLETE
   */
  public boolean isSuccess() {
    return this == COMPLETE;
  }

  /**
   * Whether the task ended without success (named like {@code RunState}'s methods in the WES
   * client, so code handling both reads the same).
   *
   * @return true for the terminal states other than COMPLETE
   */
  public boolean isFailure() {
    return isTerminal() && this != COMPLETE;
  }
}

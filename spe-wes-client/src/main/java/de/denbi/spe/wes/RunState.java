package de.denbi.spe.wes;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * The state of a WES run (or task). A value the client does not know maps to {@link #UNKNOWN}.
 *
 * <p>Terminal states are {@link #COMPLETE}, {@link #EXECUTOR_ERROR}, {@link #SYSTEM_ERROR},
 * {@link #CANCELED} and {@link #PREEMPTED}; {@link #CANCELING} is not terminal (the run is still
 * stopping).
 *
 * @since 0.1.0
 */
public enum RunState {
  /** The state is unknown, or the server sent a value this client does not know. */
  @JsonEnumDefaultValue
  UNKNOWN,
  /** Queued. */
  QUEUED,
  /** Assigned to a worker, preparing to run. */
  INITIALIZING,
  /** Running. */
  RUNNING,
  /** Paused. */
  PAUSED,
  /** Finished without error. */
  COMPLETE,
  /** An executor (a workflow step) failed. */
  EXECUTOR_ERROR,
  /** The system failed (not the workflow). */
  SYSTEM_ERROR,
  /** Canceled by the user. */
  CANCELED,
  /** Canceled by the user and still stopping; not terminal. */
  CANCELING,
  /** Stopped by the system to reclaim resources (WES 1.1). */
  PREEMPTED;

  /**
   * Whether the run has stopped for good.
   *
   * @return true for COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED and PREEMPTED
   */
  public boolean isTerminal() {
    return switch (this) {
      case COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED, PREEMPTED -> true;
      default -> false;
    };
  }

  /**
   * Whether the run finished successfully.
   *
   * @return true for COMPLETE only
   */
  public boolean isSuccess() {
    return this == COMPLETE;
  }

  /**
   * Whether the run stopped without success.
   *
   * @return true for the terminal states other than COMPLETE
   */
  public boolean isFailure() {
    return isTerminal() && this != COMPLETE;
  }
}

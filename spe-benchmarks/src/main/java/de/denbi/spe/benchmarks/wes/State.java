package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The state of a WES run (GA4GH WES 1.1 {@code State}). */
public enum State {
  /** Not known (also any value this enum does not know). */
  @JsonEnumDefaultValue
  UNKNOWN,
  /** Accepted, not started. */
  QUEUED,
  /** Being prepared. */
  INITIALIZING,
  /** Running. */
  RUNNING,
  /** Paused. */
  PAUSED,
  /** Finished successfully. */
  COMPLETE,
  /** The workflow failed. */
  EXECUTOR_ERROR,
  /** The service failed. */
  SYSTEM_ERROR,
  /** Cancelled. */
  CANCELED,
  /** Being cancelled. */
  CANCELING,
  /** Pre-empted by the scheduler. */
  PREEMPTED
}

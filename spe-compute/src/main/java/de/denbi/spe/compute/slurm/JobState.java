package de.denbi.spe.compute.slurm;

import java.util.Locale;

/**
 * A SLURM job state, as {@code squeue}, {@code sacct} and slurmrestd name it.
 *
 * @since 0.1.0
 */
public enum JobState {
  /** Waiting for resources or dependencies. */
  PENDING(false),
  /** Being set up (nodes booting). */
  CONFIGURING(false),
  /** Running. */
  RUNNING(false),
  /** Suspended. */
  SUSPENDED(false),
  /** Finishing (processes being cleaned up). */
  COMPLETING(false),
  /** Held for requeueing. */
  REQUEUED(false),
  /** Being resized. */
  RESIZING(false),
  /** Exited with status 0. */
  COMPLETED(true),
  /** Exited with a non-zero status. */
  FAILED(true),
  /** Cancelled by a user or an administrator. */
  CANCELLED(true),
  /** Reached its time limit. */
  TIMEOUT(true),
  /** A node it ran on failed. */
  NODE_FAIL(true),
  /** Preempted by a job of higher priority. */
  PREEMPTED(true),
  /** A node could not boot. */
  BOOT_FAIL(true),
  /** Reached its deadline. */
  DEADLINE(true),
  /** Ran out of memory. */
  OUT_OF_MEMORY(true),
  /** A state this SDK does not know (a newer SLURM); not terminal. */
  UNKNOWN(false);

  private final boolean terminal;

  JobState(boolean terminal) {
    this.terminal = terminal;
  }

  /**
   * Whether the job has ended and will not change any more.
   *
   * @return true for COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
   */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * Parses SLURM's name of a state: {@code RUNNING}, {@code R}, {@code CANCELLED by 1001},
   * {@code ["RUNNING","COMPLETING"]}-style lists (first one wins), any case.
   *
   * @param text the name
   * @return the state, {@link #UNKNOWN} if not known
   */
  public static JobState parse(String text) {
    if (text == null || text.isBlank()) {
      return UNKNOWN;
    }
    String t = text.strip().toUpperCase(Locale.ROOT);
    int space = t.indexOf(' ');
    if (space > 0) {
      t = t.substring(0, space);
    }
    t = t.replace('+', ' ').strip();
    return switch (t) {
      case "PD", "PENDING" -> PENDING;
      case "CF", "CONFIGURING" -> CONFIGURING;
      case "R", "RUNNING" -> RUNNING;
      case "S", "SUSPENDED", "ST", "STOPPED" -> SUSPENDED;
      case "CG", "COMPLETING", "SO", "STAGE_OUT" -> COMPLETING;
      case "RQ", "REQUEUED", "RH", "REQUEUE_HOLD", "RF", "REQUEUE_FED", "SE", "SPECIAL_EXIT" -> REQUEUED;
      case "RS", "RESIZING" -> RESIZING;
      case "CD", "COMPLETED" -> COMPLETED;
      case "F", "FAILED" -> FAILED;
      case "CA", "CANCELLED", "RV", "REVOKED" -> CANCELLED;
      case "TO", "TIMEOUT" -> TIMEOUT;
      case "NF", "NODE_FAIL" -> NODE_FAIL;
      case "PR", "PREEMPTED" -> PREEMPTED;
      case "BF", "BOOT_FAIL" -> BOOT_FAIL;
      case "DL", "DEADLINE" -> DEADLINE;
      case "OOM", "OUT_OF_MEMORY" -> OUT_OF_MEMORY;
      default -> UNKNOWN;
    };
  }
}

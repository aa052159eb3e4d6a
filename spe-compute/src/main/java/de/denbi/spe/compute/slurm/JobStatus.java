package de.denbi.spe.compute.slurm;

import java.util.List;
import java.util.Objects;

/**
 * The state of a job, as far as the cluster knows it.
 *
 * @param jobId the job id (the array's id for a job array)
 * @param name the job name, may be empty
 * @param state the state (for an array: RUNNING or PENDING while any task is, else COMPLETED if
 *     all completed, else the first other end state)
 * @param exitCode the exit status of the batch script, or null when not known (still running,
 *     or the record that would tell was not available)
 * @param reason SLURM's reason (why pending, why failed), may be empty
 * @param partition the partition, may be empty
 * @param user the owner, may be empty
 * @param nodes the nodes it runs or ran on, may be empty
 * @param source where the answer came from
 * @param tasks the tasks of a job array (empty otherwise)
 * @since 0.1.0
 */
public record JobStatus(
    String jobId,
    String name,
    JobState state,
    Integer exitCode,
    String reason,
    String partition,
    String user,
    String nodes,
    Source source,
    List<JobStatus> tasks) {

  /** Where a status came from. */
  public enum Source {
    /** slurmdbd accounting ({@code sacct}). */
    ACCOUNTING,
    /** The controller's job list ({@code squeue}/{@code scontrol}). */
    CONTROLLER,
    /** The job completion record ({@code sacct -c}, jobcomp plugin). */
    JOB_COMPLETION,
    /** slurmrestd. */
    REST
  }

  /** Checks the fields and copies the tasks. */
  public JobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(source, "source");
    name = name == null ? "" : name;
    reason = reason == null ? "" : reason;
    partition = partition == null ? "" : partition;
    user = user == null ? "" : user;
    nodes = nodes == null ? "" : nodes;
    tasks = List.copyOf(tasks == null ? List.of() : tasks);
  }

  /**
   * Whether the job has ended.
   *
   * @return {@code state().isTerminal()}
   */
  public boolean isTerminal() {
    return state.isTerminal();
  }

  /**
   * Whether the job completed with exit status 0.
   *
   * @return true if COMPLETED
   */
  public boolean succeeded() {
    return state == JobState.COMPLETED && (exitCode == null || exitCode == 0);
  }
}

package de.denbi.spe.compute.slurm;

import de.denbi.spe.core.wait.Waiter;
import de.denbi.spe.core.wait.WaiterConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Submits and watches SLURM jobs. Two transports implement it: {@link SlurmSshClient} (the login
 * node over SSH) and {@link SlurmRestClient} (slurmrestd). Both are thread-safe.
 *
 * <p>An unknown job id is a {@link de.denbi.spe.core.NotFoundException} on both; a job SLURM
 * refused (bad partition, too many CPUs) is a {@link de.denbi.spe.compute.RemoteCommandException}
 * over SSH and a {@link de.denbi.spe.core.BadRequestException} over REST.
 *
 * @since 0.1.0
 */
public interface SlurmClient extends AutoCloseable {

  /**
   * Submits a batch job.
   *
   * @param spec the job
   * @return the new job id
   */
  String submit(JobSpec spec);

  /**
   * Submits a batch job built in place.
   *
   * @param spec sets the job's fields
   * @return the new job id
   */
  default String submit(Consumer<JobSpec.Builder> spec) {
    return submit(JobSpec.of(spec));
  }

  /**
   * The status of one job.
   *
   * @param jobId the job id
   * @return its status
   * @throws de.denbi.spe.core.NotFoundException if the cluster does not know the job
   */
  JobStatus status(String jobId);

  /**
   * The statuses of many jobs in one round trip.
   *
   * @param jobIds the job ids
   * @return the status of every job the cluster knows, by id; unknown ids are missing
   */
  Map<String, JobStatus> statuses(Collection<String> jobIds);

  /**
   * Cancels a job (or all tasks of an array). Cancelling a job that already ended does nothing.
   *
   * @param jobId the job id
   * @throws de.denbi.spe.core.NotFoundException if the cluster does not know the job
   */
  void cancel(String jobId);

  /**
   * The jobs of this client's user that the controller knows (pending, running, recently ended).
   *
   * @return the jobs
   */
  List<JobStatus> jobs();

  /**
   * The cluster's partitions.
   *
   * @return the partitions
   */
  List<Partition> partitions();

  /**
   * The cluster's nodes.
   *
   * @return the nodes
   */
  List<Node> nodes();

  /**
   * Waits until a job has ended.
   *
   * @param jobId the job id
   * @param config delays and timeout
   * @return the final status
   * @throws de.denbi.spe.core.WaitTimeoutException at the deadline
   */
  default JobStatus await(String jobId, WaiterConfig config) {
    return waiter(jobId, config).await();
  }

  /**
   * Waits in the background until a job has ended.
   *
   * @param jobId the job id
   * @param config delays and timeout
   * @return the future final status
   */
  default CompletableFuture<JobStatus> awaitAsync(String jobId, WaiterConfig config) {
    return waiter(jobId, config).awaitAsync();
  }

  /**
   * A waiter for a job, to add a progress callback.
   *
   * @param jobId the job id
   * @param config delays and timeout
   * @return the waiter
   */
  default Waiter<JobStatus> waiter(String jobId, WaiterConfig config) {
    return Waiter.builder("SLURM job " + jobId, () -> status(jobId))
        .until(JobStatus::isTerminal)
        .stateName(s -> s.state().name())
        .config(config)
        .build();
  }

  /** Releases connections. */
  @Override
  void close();
}

package de.denbi.spe.compute.slurm;

import de.denbi.spe.core.InvalidRequestException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A dependency of a job on other jobs ({@code --dependency}).
 *
 * @param type when the job may start
 * @param jobIds the jobs it waits for (digits, optionally {@code _task} of an array)
 * @since 0.1.0
 */
public record JobDependency(Type type, List<String> jobIds) {

  /** When a dependent job may start. */
  public enum Type {
    /** After the jobs started. */
    AFTER,
    /** After the jobs ended, however. */
    AFTERANY,
    /** After the jobs completed successfully. */
    AFTEROK,
    /** After the jobs failed. */
    AFTERNOTOK,
    /** After the jobs ended; also after they were requeued. */
    AFTERCORR
  }

  /** Validates the ids. */
  public JobDependency {
    Objects.requireNonNull(type, "type");
    jobIds = List.copyOf(Objects.requireNonNull(jobIds, "jobIds"));
    if (jobIds.isEmpty()) {
      throw new InvalidRequestException("dependencies", "a dependency needs at least one job id");
    }
    for (String id : jobIds) {
      if (id == null || !id.matches("\\d{1,12}(_\\d{1,9})?")) {
        throw new InvalidRequestException(
            "dependencies", "job ids are digits (optionally _task), was '" + id + "'");
      }
    }
  }

  /**
   * Start after these jobs completed successfully.
   *
   * @param jobIds the jobs
   * @return the dependency
   */
  public static JobDependency afterOk(String... jobIds) {
    return new JobDependency(Type.AFTEROK, List.of(jobIds));
  }

  /**
   * Start after these jobs ended, successfully or not.
   *
   * @param jobIds the jobs
   * @return the dependency
   */
  public static JobDependency afterAny(String... jobIds) {
    return new JobDependency(Type.AFTERANY, List.of(jobIds));
  }

  /**
   * SLURM's syntax, e.g. {@code afterok:12:13}.
   *
   * @return the text
   */
  public String toSlurm() {
    return type.name().toLowerCase(Locale.ROOT) + ":" + String.join(":", jobIds);
  }
}

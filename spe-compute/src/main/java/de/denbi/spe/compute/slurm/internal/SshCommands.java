package de.denbi.spe.compute.slurm.internal;

import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.compute.slurm.JobDependency;
import de.denbi.spe.compute.slurm.JobSpec;
import de.denbi.spe.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The shell commands the SSH transport runs; every value quoted. */
public final class SshCommands {
  /** Fields of sacct / sacct -c, the job name last so that a '|' in it does no harm. */
  public static final String SACCT_FIELDS = "JobID,State,ExitCode,Partition,User,NodeList,Reason,JobName";
  /** squeue format with the same order (no exit code). */
  public static final String SQUEUE_FORMAT = "%i|%T|%r|%P|%u|%N|%j";

  private SshCommands() {}

  /**
   * The sbatch command line; the script goes to its standard input.
   *
   * @param spec the job
   * @return the command
   */
  public static String sbatch(JobSpec spec) {
    List<String> a = new ArrayList<>();
    a.add("sbatch");
    a.add("--parsable");
    a.add("--job-name=" + spec.name());
    opt(a, "--partition=", spec.partition());
    opt(a, "--account=", spec.account());
    opt(a, "--qos=", spec.qos());
    spec.timeLimitMinutes().ifPresent(m -> a.add("--time=" + m));
    if (spec.nodes() > 0) {
      a.add("--nodes=" + spec.nodes());
    }
    if (spec.tasks() > 0) {
      a.add("--ntasks=" + spec.tasks());
    }
    if (spec.cpusPerTask() > 0) {
      a.add("--cpus-per-task=" + spec.cpusPerTask());
    }
    if (spec.memoryPerNodeMb() > 0) {
      a.add("--mem=" + spec.memoryPerNodeMb() + "M");
    }
    if (spec.memoryPerCpuMb() > 0) {
      a.add("--mem-per-cpu=" + spec.memoryPerCpuMb() + "M");
    }
    if (spec.gpus() > 0) {
      a.add("--gpus=" + spec.gpus());
    }
    opt(a, "--gres=", spec.gres());
    opt(a, "--array=", spec.array());
    if (!spec.dependencies().isEmpty()) {
      a.add("--dependency=" + spec.dependencies().stream().map(JobDependency::toSlurm)
          .collect(Collectors.joining(",")));
    }
    opt(a, "--chdir=", spec.workingDirectory());
    opt(a, "--output=", spec.stdout());
    opt(a, "--error=", spec.stderr());
    if (spec.hold()) {
      a.add("--hold");
    }
    return Shell.join(a, "sbatch");
  }

  private static void opt(List<String> a, String flag, String value) {
    if (value != null) {
      a.add(flag + value);
    }
  }

  /**
   * Checks a job id and returns it.
   *
   * @param jobId the id
   * @return the id
   */
  public static String jobId(String jobId) {
    if (jobId == null || !jobId.matches("\\d{1,12}(_\\d{1,9})?")) {
      throw new InvalidRequestException(
          "jobId", "must be digits (optionally _task of an array), was '" + Shell.printable(jobId) + "'");
    }
    return jobId;
  }

  /**
   * One round trip for the status of many jobs: the controller's view (squeue, all states),
   * then accounting (sacct) or, when there is no slurmdbd, the job completion record
   * (sacct -c). Sections start with {@code @@name}.
   *
   * @param jobIds the ids
   * @return the command
   */
  public static String statusScript(Collection<String> jobIds) {
    String ids = jobIds.stream().map(SshCommands::jobId).collect(Collectors.joining(","));
    String q = Shell.quote(ids, "jobIds");
    return "ids=" + q + "; echo @@squeue; squeue -h -t all -j \"$ids\" -o "
        + Shell.quote(SQUEUE_FORMAT, "format") + " 2>/dev/null; "
        + "if out=$(sacct -n -P -X -j \"$ids\" -o " + SACCT_FIELDS + " 2>/dev/null); then "
        + "echo @@sacct; printf '%s\\n' \"$out\"; "
        + "else echo @@jobcomp; sacct -c -n -P -X -j \"$ids\" -o " + SACCT_FIELDS + " 2>/dev/null; fi; exit 0";
  }

  /**
   * The jobs of the login user known to the controller.
   *
   * @return the command
   */
  public static String userJobs() {
    return "echo @@squeue; squeue -h -t all -u \"$(id -un)\" -o " + Shell.quote(SQUEUE_FORMAT, "format");
  }

  /**
   * Cancels a job only if the controller knows it; prints {@code @@unknown} otherwise.
   *
   * @param jobId the id
   * @return the command
   */
  public static String cancel(String jobId) {
    String id = jobId(jobId);
    return "if squeue -h -t all -j " + id + " -o %i 2>/dev/null | grep -q .; then scancel " + id
        + "; else echo @@unknown; fi";
  }

  /** sinfo per partition: name, availability, time limit, nodes, CPUs (A/I/O/T). */
  public static final String PARTITIONS = "sinfo -h -o '%P|%a|%l|%D|%C'";
  /** sinfo per node and partition: name, state, CPUs, memory, gres, partition. */
  public static final String NODES = "sinfo -h -N -o '%N|%t|%c|%m|%G|%P'";
}

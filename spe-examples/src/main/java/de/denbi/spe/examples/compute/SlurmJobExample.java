package de.denbi.spe.examples.compute;

import de.denbi.spe.compute.slurm.JobSpec;
import de.denbi.spe.compute.slurm.JobStatus;
import de.denbi.spe.compute.slurm.SlurmClient;
import de.denbi.spe.compute.slurm.SlurmRestClient;
import de.denbi.spe.compute.slurm.SlurmSshClient;
import de.denbi.spe.compute.slurm.SlurmTokens;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.wait.WaiterConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Submits a command as a SLURM job, waits for it and prints how it ended: over SSH to the login
 * node (default) or over slurmrestd ({@code --rest}). Where the cluster is comes from the
 * {@code SPE_SLURM_*} variables that {@code scripts/services up slurm} writes.
 *
 * <pre>
 * . .spe-local/slurm/env.sh
 * spe-examples/run compute-slurm-job hostname
 * spe-examples/run compute-slurm-job --rest sh -c 'echo $SLURM_JOB_ID'
 * </pre>
 */
public final class SlurmJobExample {
  private SlurmJobExample() {}

  /**
   * Runs the example with the process environment.
   *
   * @param args [--rest] COMMAND [ARGS...]
   * @param out where to print
   * @return the exit code: 0 if the job completed with status 0
   */
  public static int run(String[] args, PrintStream out) {
    return run(args, System.getenv(), out);
  }

  /**
   * Runs the example.
   *
   * @param args [--rest] COMMAND [ARGS...]
   * @param env the variables to read the cluster from
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out) {
    boolean rest = args.length > 0 && args[0].equals("--rest");
    List<String> command = Arrays.asList(args).subList(rest ? 1 : 0, args.length);
    if (command.isEmpty()) {
      out.println("usage: compute-slurm-job [--rest] COMMAND [ARGS...]   (reads SPE_SLURM_* variables)");
      return 2;
    }
    try (SlurmClient slurm = rest ? rest(env) : ssh(env)) {
      String id = slurm.submit(JobSpec.builder().name("spe-example").command(command)
          .partition(env.get("SPE_SLURM_PARTITION")).timeLimit(Duration.ofMinutes(10)).build());
      out.println("submitted job " + id + " via " + (rest ? "slurmrestd" : "SSH"));
      JobStatus done = slurm.await(id, WaiterConfig.defaults().withTimeout(Duration.ofMinutes(15)));
      out.println("job " + id + " " + done.state() + (done.exitCode() == null ? "" : " exit " + done.exitCode())
          + " on " + done.nodes() + " (status from " + done.source() + ")");
      return done.succeeded() ? 0 : 1;
    } catch (SpeException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static String need(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new SpeException(name + " is not set: source .spe-local/slurm/env.sh or set it");
    }
    return v;
  }

  static SlurmClient ssh(Map<String, String> env) {
    return SlurmSshClient.builder().ssh(s -> s
        .host(need(env, "SPE_SLURM_SSH_HOST"))
        .port(Integer.parseInt(env.getOrDefault("SPE_SLURM_SSH_PORT", "22")))
        .user(need(env, "SPE_SLURM_SSH_USER"))
        .identityFile(Path.of(need(env, "SPE_SLURM_SSH_KEY")))
        .knownHosts(Path.of(need(env, "SPE_SLURM_SSH_KNOWN_HOSTS"))))
        .build();
  }

  static SlurmClient rest(Map<String, String> env) {
    return SlurmRestClient.builder().baseUrl(need(env, "SPE_SLURMRESTD_URL"))
        .user(need(env, "SPE_SLURMRESTD_USER"))
        .tokenSource(SlurmTokens.fixed(need(env, "SPE_SLURM_JWT")))
        .build();
  }

  /**
   * Entry point.
   *
   * @param args see {@link #run(String[], PrintStream)}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}

package de.denbi.spe.benchmarks.compute;

import de.denbi.spe.compute.CommandResult;
import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.compute.slurm.JobSpec;
import de.denbi.spe.compute.slurm.JobState;
import de.denbi.spe.compute.slurm.JobStatus;
import de.denbi.spe.compute.slurm.SlurmSshClient;
import de.denbi.spe.compute.slurm.internal.SshCommands;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.LocalServices;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 7's benchmark, side by side in one run on the local SLURM (scripts/services up slurm):
 * submitting N jobs with the SDK's pooled SSH connection (8 channels in parallel, and
 * {@code submitAll} in one round trip), with a {@code sbatch} loop on the login node itself (the
 * baseline), and with one {@code ssh} process per job; then the status of all of them in one
 * round trip. Jobs are submitted held ({@code --hold}) and cancelled at once, so the cluster
 * never runs them.
 *
 * <pre>
 * java -cp spe-benchmarks/target/benchmarks.jar de.denbi.spe.benchmarks.compute.SlurmSubmitBenchmark [N=500]
 * </pre>
 */
public final class SlurmSubmitBenchmark {

  /** Timings of one run, in nanoseconds. */
  public record Result(int jobs, long localLoop, long sdkPooled, long sdkSubmitAll, long sshPerJob, long status, int statusCount) {
    /**
     * The SDK's pooled submission relative to the local loop.
     *
     * @return the ratio (goal: at most 1.2)
     */
    public double pooledRatio() {
      return (double) sdkPooled / localLoop;
    }

    /**
     * Prints the table.
     *
     * @param out where
     */
    public void print(PrintStream out) {
      out.printf(Locale.ROOT, "%nSubmitting %d held jobs to the local SLURM:%n", jobs);
      out.printf(Locale.ROOT, "  sbatch loop on the login node   %8.0f ms  (1.00x, baseline)%n", localLoop / 1e6);
      out.printf(Locale.ROOT, "  SDK, pooled SSH, 8 channels     %8.0f ms  (%.2fx)%n", sdkPooled / 1e6, pooledRatio());
      out.printf(Locale.ROOT, "  SDK, submitAll (one round trip) %8.0f ms  (%.2fx)%n", sdkSubmitAll / 1e6, (double) sdkSubmitAll / localLoop);
      out.printf(Locale.ROOT, "  one ssh process per job         %8.0f ms  (%.2fx)%n", sshPerJob / 1e6, (double) sshPerJob / localLoop);
      out.printf(Locale.ROOT, "Status of %d jobs in one round trip: %.0f ms%n", statusCount, status / 1e6);
    }
  }

  private SlurmSubmitBenchmark() {}

  private static JobSpec job(SlurmCoordinates c, int i) {
    return JobSpec.builder().name("spe-bench-" + i).command("true").partition(c.partition())
        .stdout("/dev/null").hold(true).build();
  }

  /**
   * Runs the benchmark.
   *
   * @param c the cluster
   * @param n how many jobs per method
   * @return the timings
   * @throws Exception if a submission fails
   */
  public static Result run(SlurmCoordinates c, int n) throws Exception {
    List<String> all = new CopyOnWriteArrayList<>();
    SshConnection ssh =
        SshConnection.builder().host(c.sshHost()).port(c.sshPort()).user(c.sshUser())
            .identityFile(c.sshPrivateKey()).knownHosts(c.sshKnownHosts()).build();
    try (SlurmSshClient slurm = SlurmSshClient.builder().connection(ssh).build()) {
      try {
        slurm.connection().exec("true"); // connect outside the measurement, as a long-lived client is

        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
          List<Future<String>> f = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            int k = i;
            f.add(pool.submit(() -> slurm.submit(job(c, k))));
          }
          for (Future<String> x : f) {
            all.add(x.get());
          }
        }
        long sdk = System.nanoTime() - t0;

        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          specs.add(job(c, i));
        }
        long t1 = System.nanoTime();
        all.addAll(slurm.submitAll(specs));
        long bulk = System.nanoTime() - t1;

        String sbatch = SshCommands.sbatch(job(c, 0));
        String script = job(c, 0).batchScript();
        String loop = "s=" + Shell.quote(script, "s") + "; start=$(date +%s%N); for i in $(seq " + n
            + "); do printf '%s' \"$s\" | " + sbatch + " || exit 1; done; end=$(date +%s%N);"
            + " echo \"@@ns $((end-start))\"";
        CommandResult r = slurm.connection().exec(loop);
        if (r.exitStatus() != 0) {
          throw new IllegalStateException("sbatch loop failed: " + r.stderr());
        }
        long local = -1;
        for (String line : r.stdout().split("\n")) {
          if (line.startsWith("@@ns ")) {
            local = Long.parseLong(line.substring(5).strip());
          } else if (line.matches("\\d+")) {
            all.add(line);
          }
        }
        if (local <= 0) {
          throw new IllegalStateException("the sbatch loop reported no time: " + r.stdout());
        }

        List<String> cmd = List.of("ssh", "-p", Integer.toString(c.sshPort()), "-i",
            c.sshPrivateKey().toString(), "-o", "UserKnownHostsFile=" + c.sshKnownHosts(),
            "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", c.sshUser() + "@" + c.sshHost(), sbatch);
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          all.add(sshOnce(cmd, script));
        }
        long perJob = System.nanoTime() - t2;

        long t3 = System.nanoTime();
        Map<String, JobStatus> statuses = slurm.statuses(all);
        long status = System.nanoTime() - t3;
        if (statuses.size() != all.size() || !statuses.values().stream().allMatch(s -> s.state() == JobState.PENDING)) {
          throw new IllegalStateException("expected " + all.size() + " held jobs, got " + statuses.size());
        }
        return new Result(n, local, sdk, bulk, perJob, status, statuses.size());
      } finally {
        for (int i = 0; i < all.size(); i += 500) {
          List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
          chunk.forEach(SshCommands::jobId); // validates every id before it reaches the shell
          slurm.connection().exec("scancel " + String.join(" ", chunk));
        }
      }
    }
  }

  private static String sshOnce(List<String> cmd, String script)
      throws IOException, InterruptedException, ExecutionException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String id = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || !id.matches("\\d+")) {
      throw new IllegalStateException("ssh + sbatch failed: '" + id + "'");
    }
    return id;
  }

  /**
   * Entry point.
   *
   * @param args the number of jobs per method (default 500)
   * @throws Exception if the benchmark fails
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    SlurmCoordinates c = SlurmCoordinates.from(LocalServices.env(LocalService.SLURM));
    Result r = run(c, n);
    r.print(System.out);
    System.out.printf(Locale.ROOT, "goal: SDK pooled <= 1.2x the local loop: %s (%.2fx)%n", r.pooledRatio() <= 1.2 ? "met" : "NOT met", r.pooledRatio());
  }
}

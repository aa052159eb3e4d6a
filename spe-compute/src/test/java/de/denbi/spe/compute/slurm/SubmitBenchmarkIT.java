package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.compute.CommandResult;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The issue's benchmark, side by side in one run on the local SLURM: submitting N jobs with the
 * SDK's pooled SSH connection, with a {@code sbatch} loop on the login node itself, and with one
 * {@code ssh} process per job; then the status of all of them in one round trip. Jobs are
 * submitted held ({@code --hold}) and cancelled at once, so the shared cluster never runs them.
 * N is {@code -Dspe.bench.jobs} (default 100; the issue's figure is 500).
 */
@RequiresLocalService(LocalService.SLURM)
class SubmitBenchmarkIT {
  private static final int N = Integer.getInteger("spe.bench.jobs", 100);

  private static JobSpec job(SlurmCoordinates c, int i) {
    return JobSpec.builder().name("spe-bench-" + i).command("true").partition(c.partition())
        .stdout("/dev/null").hold(true).build();
  }

  @Test
  void pooledSshVersusLocalLoopVersusSshPerJob(SlurmCoordinates c) throws Exception {
    List<String> all = new CopyOnWriteArrayList<>();
    try (SlurmSshClient slurm = SlurmSshClient.builder().connection(SlurmItSupport.ssh(c)).build()) {
      try {
        slurm.connection().exec("true"); // connect outside the measurement, as a long-lived client is

        // 1. the SDK: one pooled connection, 8 channels in parallel
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
          List<Future<String>> f = new ArrayList<>();
          for (int i = 0; i < N; i++) {
            int n = i;
            f.add(pool.submit(() -> slurm.submit(job(c, n))));
          }
          for (Future<String> x : f) {
            all.add(x.get());
          }
        }
        long sdk = System.nanoTime() - t0;

        // 1b. the SDK's bulk submission: one channel, sbatch looped on the login node
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
          specs.add(job(c, i));
        }
        long t1 = System.nanoTime();
        all.addAll(slurm.submitAll(specs));
        long bulk = System.nanoTime() - t1;

        // 2. a sbatch loop on the login node (no network per job): the baseline
        String sbatch = de.denbi.spe.compute.slurm.internal.SshCommands.sbatch(job(c, 0));
        String script = job(c, 0).batchScript();
        String loop = "s=" + Shell.quote(script, "s") + "; start=$(date +%s%N); for i in $(seq " + N
            + "); do printf '%s' \"$s\" | " + sbatch + " || exit 1; done; end=$(date +%s%N);"
            + " echo \"@@ns $((end-start))\"";
        CommandResult r = slurm.connection().exec(loop);
        assertThat(r.exitStatus()).as(r.stderr()).isZero();
        long local = 0;
        for (String line : r.stdout().split("\n")) {
          if (line.startsWith("@@ns ")) {
            local = Long.parseLong(line.substring(5).strip());
          } else if (line.matches("\\d+")) {
            all.add(line);
          }
        }

        // 3. one ssh process per job (what a shell script around ssh does)
        List<String> ssh = List.of("ssh", "-p", Integer.toString(c.sshPort()), "-i",
            c.sshPrivateKey().toString(), "-o", "UserKnownHostsFile=" + c.sshKnownHosts(),
            "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", c.sshUser() + "@" + c.sshHost(), sbatch);
        long t2 = System.nanoTime();
        for (int i = 0; i < N; i++) {
          Process p = new ProcessBuilder(ssh).redirectError(ProcessBuilder.Redirect.DISCARD).start();
          p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().close();
          String id = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
          assertThat(p.waitFor()).isZero();
          all.add(id);
        }
        long perJob = System.nanoTime() - t2;

        // 4. the status of every job in one round trip
        long t3 = System.nanoTime();
        Map<String, JobStatus> statuses = slurm.statuses(all);
        long status = System.nanoTime() - t3;
        assertThat(statuses).hasSize(all.size());
        assertThat(statuses.values()).allMatch(s -> s.state() == JobState.PENDING);

        System.out.printf(Locale.ROOT, "%nSubmitting %d held jobs to the local SLURM (2 cores, shared):%n", N);
        System.out.printf(Locale.ROOT, "  sbatch loop on the login node   %8.0f ms  (1.00x)%n", local / 1e6);
        System.out.printf(Locale.ROOT, "  SDK, pooled SSH, 8 channels     %8.0f ms  (%.2fx)%n", sdk / 1e6, (double) sdk / local);
        System.out.printf(Locale.ROOT, "  SDK, submitAll (one round trip) %8.0f ms  (%.2fx)%n", bulk / 1e6, (double) bulk / local);
        System.out.printf(Locale.ROOT, "  one ssh process per job         %8.0f ms  (%.2fx)%n", perJob / 1e6, (double) perJob / local);
        System.out.printf(Locale.ROOT, "Status of %d jobs in one round trip: %.0f ms%n", all.size(), status / 1e6);
        assertThat(sdk).as("the SDK must beat one ssh process per job").isLessThan(perJob);
      } finally {
        for (int i = 0; i < all.size(); i += 500) {
          List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
          chunk.forEach(de.denbi.spe.compute.slurm.internal.SshCommands::jobId);
          slurm.connection().exec("scancel " + String.join(" ", chunk));
        }
      }
    }
  }
}

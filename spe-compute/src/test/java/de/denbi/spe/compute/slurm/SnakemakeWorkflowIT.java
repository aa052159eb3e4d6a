package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small Snakemake workflow (two rules, a config value, a sample name with a space and a
 * quote) staged over SFTP and run as a SLURM job with Debian's snakemake on the local cluster;
 * its result fetched back. Skipped when snakemake is not installed
 * ({@code SPE_SLURM_WITH_SNAKEMAKE=1 scripts/services up slurm}).
 */
@RequiresLocalService(LocalService.SLURM)
class SnakemakeWorkflowIT {

  static final String SNAKEFILE = """
      rule all:
          input: "result/summary.txt"

      rule greet:
          output: "result/{sample}.txt"
          shell: "printf '%s\\\\n' {config[greeting]:q} > {output:q}"

      rule summary:
          input: expand("result/{s}.txt", s=config["samples"])
          output: "result/summary.txt"
          shell: "cat {input:q} | sort | uniq -c | tr -s ' ' > {output:q}"
      """;

  @Test
  void snakemakeRunsAsASlurmJob(SlurmCoordinates c, @TempDir Path tmp) throws Exception {
    try (SlurmSshClient slurm = SlurmSshClient.builder().connection(SlurmItSupport.ssh(c)).build()) {
      assumeTrue(slurm.connection().exec("command -v snakemake").ok(),
          "snakemake is not installed on the cluster: SPE_SLURM_WITH_SNAKEMAKE=1 scripts/services up slurm");
      String run = "/tmp/spe-smk-" + UUID.randomUUID().toString().substring(0, 8);
      Path wfDir = Files.createDirectories(tmp.resolve("wf"));
      Files.writeString(wfDir.resolve("Snakefile"), SNAKEFILE);
      Files.writeString(wfDir.resolve("config.yaml"),
          "greeting: \"hello it's $(not run)\"\nsamples: [\"a\", \"b c\"]\n");
      try {
        slurm.staging().uploadDirectory(wfDir, run + "/workflow", (p, n, t) -> {});
        WorkflowJob wf = WorkflowJob.builder(WorkflowJob.Engine.SNAKEMAKE).name("spe-snakemake-it")
            .workflow(run + "/workflow/Snakefile").workingDirectory(run)
            .configFile(run + "/workflow/config.yaml").cores(2).partition(c.partition())
            .engineParameter("--nolock").build();
        String id = slurm.submit(wf.toJobSpec());
        JobStatus done = slurm.await(id, WaiterConfig.defaults()
            .withDelays(Duration.ofSeconds(1), Duration.ofSeconds(3)).withTimeout(Duration.ofMinutes(5)));
        String log = slurm.connection().exec("cat " + Shell.quote(run + "/slurm-" + id + ".out", "f")).stdout();
        assertThat(done.state()).as("snakemake log:\n%s", log).isEqualTo(JobState.COMPLETED);
        Path summary = tmp.resolve("summary.txt");
        slurm.staging().download(run + "/result/summary.txt", summary, (p, n, t) -> {});
        assertThat(Files.readString(summary).strip()).isEqualTo("2 hello it's $(not run)");
        assertThat(slurm.staging().exists(run + "/result/b c.txt")).isTrue();
      } finally {
        slurm.connection().exec("rm -rf " + Shell.quote(run, "run"));
      }
    }
  }
}

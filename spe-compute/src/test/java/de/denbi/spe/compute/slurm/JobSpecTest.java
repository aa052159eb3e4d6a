package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.compute.slurm.internal.SshCommands;
import de.denbi.spe.core.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecTest {

  @Test
  void validationNamesTheField() {
    assertField(() -> JobSpec.builder().command("true").build(), "name");
    assertField(() -> JobSpec.builder().name("a\nb").command("true").build(), "name");
    assertField(() -> JobSpec.builder().name("a").build(), "script");
    assertField(() -> JobSpec.builder().name("a").command("true").partition("a b").build(), "partition");
    assertField(() -> JobSpec.builder().name("a").command("true").array("0-3;ls").build(), "array");
    assertField(() -> JobSpec.builder().name("a").command("true").gres("gpu:1 --x").build(), "gres");
    assertField(() -> JobSpec.builder().name("a").command("true").env("A B", "x").build(), "environment");
    assertField(() -> JobSpec.builder().name("a").command("true").env("A", "x\0y").build(), "environment.A");
    assertField(() -> JobSpec.builder().name("a").command("true").stdout("a\nb").build(), "stdout");
    assertField(() -> JobSpec.builder().name("a").command("true").timeLimit(Duration.ofSeconds(5)).build(), "timeLimit");
    assertField(() -> JobSpec.builder().name("a").command("true").cpusPerTask(-1).build(), "cpusPerTask");
    assertField(() -> JobSpec.builder().name("a").command("x\0").build(), "command[0]");
    assertField(() -> JobDependency.afterOk("12; rm"), "dependencies");
  }

  private static void assertField(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
  }

  @Test
  void environmentGoesAfterTheSbatchHeader() {
    JobSpec s = JobSpec.builder().name("x")
        .script("#!/bin/bash\n#SBATCH --mem=10\n\necho hi\n")
        .env("A", "it's $(x)").build();
    assertThat(s.batchScript())
        .isEqualTo("#!/bin/bash\n#SBATCH --mem=10\n\nexport A='it'\\''s $(x)'\necho hi\n");
  }

  @Test
  void sbatchCommandHasAllOptions() {
    JobSpec s = JobSpec.builder().name("my job").command("true").partition("debug").account("p1")
        .qos("normal").timeLimit(Duration.ofMinutes(90).plusSeconds(1)).nodes(1).tasks(2)
        .cpusPerTask(4).memoryPerNodeMb(1000).gpus(1).gres("gpu:a100:1").array("0-3%2")
        .dependency(JobDependency.afterOk("1", "2")).dependency(JobDependency.afterAny("3"))
        .workingDirectory("/data/x y").stdout("out/%j.log").stderr("err.log").hold(true).build();
    assertThat(SshCommands.sbatch(s)).isEqualTo("sbatch --parsable '--job-name=my job' --partition=debug"
        + " --account=p1 --qos=normal --time=91 --nodes=1 --ntasks=2 --cpus-per-task=4 --mem=1000M"
        + " --gpus=1 --gres=gpu:a100:1 --array=0-3%2 --dependency=afterok:1:2,afterany:3"
        + " '--chdir=/data/x y' --output=out/%j.log --error=err.log --hold");
  }

  @Test
  void generatedScriptRunsTheCommandVerbatim(@TempDir Path dir) throws Exception {
    Path canary = dir.resolve("canary");
    String evil = "$(touch " + canary + ") `touch " + canary + "`; touch " + canary + " 'q' \"d\"\nnext";
    JobSpec s = JobSpec.builder().name("x").command("printf", "%s|%s", evil, "$EVIL")
        .env("EVIL", evil).build();
    Path script = dir.resolve("job.sh");
    Files.writeString(script, s.batchScript());
    Process p = new ProcessBuilder("/bin/sh", script.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(evil + "|$EVIL");
    assertThat(Files.exists(canary)).isFalse();
  }

  @Test
  void jobStatesParse() {
    assertThat(JobState.parse("CANCELLED by 1001")).isEqualTo(JobState.CANCELLED);
    assertThat(JobState.parse("cd")).isEqualTo(JobState.COMPLETED);
    assertThat(JobState.parse("OUT_OF_MEMORY")).isEqualTo(JobState.OUT_OF_MEMORY);
    assertThat(JobState.parse("WEIRD")).isEqualTo(JobState.UNKNOWN);
    assertThat(JobState.UNKNOWN.isTerminal()).isFalse();
  }
}

package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.compute.slurm.internal.SshCommands;
import de.denbi.spe.core.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowJobTest {

  @Test
  void snakemakeCommandLine() {
    WorkflowJob wf = WorkflowJob.builder(WorkflowJob.Engine.SNAKEMAKE).name("wf")
        .workflow("/w/Snakefile").workingDirectory("/runs/r 1").configFile("/runs/r 1/config.yaml")
        .config("sample", "a b$(x)").config("n", "3").cores(2).engineParameter("--keep-going").build();
    assertThat(wf.command()).containsExactly("snakemake", "--snakefile", "/w/Snakefile", "--directory",
        "/runs/r 1", "--cores", "2", "--configfile", "/runs/r 1/config.yaml", "--config", "n=3",
        "sample=a b$(x)", "--keep-going");
    JobSpec job = wf.toJobSpec();
    assertThat(job.cpusPerTask()).isEqualTo(2);
    assertThat(job.workingDirectory()).isEqualTo("/runs/r 1");
    assertThat(job.stdout()).isEqualTo("/runs/r 1/slurm-%j.out");
    assertThat(job.batchScript()).contains("'sample=a b$(x)'").contains("'/runs/r 1'");
    assertThat(SshCommands.sbatch(job)).contains("'--chdir=/runs/r 1'");
  }

  @Test
  void nextflowCommandLine() {
    WorkflowJob wf = WorkflowJob.builder(WorkflowJob.Engine.NEXTFLOW).workflow("/w/main.nf")
        .workingDirectory("/runs/r2").configFile("/runs/r2/params.json").config("reads", "*.fq").build();
    assertThat(wf.command()).containsExactly("nextflow", "run", "/w/main.nf", "-work-dir", "/runs/r2/work",
        "-params-file", "/runs/r2/params.json", "--reads", "*.fq");
    assertThat(wf.name()).isEqualTo("nextflow-workflow");
    assertThat(wf.toJobSpec().environment()).containsEntry("NXF_ANSI_LOG", "false");
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> WorkflowJob.builder(WorkflowJob.Engine.SNAKEMAKE).workingDirectory("/r").build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'workflow'");
    assertThatThrownBy(() -> WorkflowJob.builder(WorkflowJob.Engine.SNAKEMAKE).workflow("/w").workingDirectory("/r")
        .config("a=b --forceall", "x").build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'config'");
    assertThatThrownBy(() -> WorkflowJob.builder(WorkflowJob.Engine.SNAKEMAKE).workflow("/w").workingDirectory("/r")
        .cores(0).build())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'cores'");
    assertThat(List.of(WorkflowJob.Engine.values())).hasSize(2);
  }
}

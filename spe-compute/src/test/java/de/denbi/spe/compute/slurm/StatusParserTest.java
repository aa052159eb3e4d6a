package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.compute.slurm.internal.StatusParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusParserTest {

  @Test
  void controllerWinsWhileActiveAndTheRecordAfterwards() {
    String out = """
        @@squeue
        10|RUNNING|None|debug|alice|n1|a|b
        11|FAILED|NonZeroExitCode|debug|alice|n1|failing
        @@jobcomp
        11|FAILED|3:0|debug|alice(1001)|n1||failing
        12|COMPLETED|0:0|debug|alice(1001)|n1||old job
        """;
    Map<String, JobStatus> s = StatusParser.parse(out, List.of("10", "11", "12", "13"));
    assertThat(s).containsOnlyKeys("10", "11", "12");
    assertThat(s.get("10").state()).isEqualTo(JobState.RUNNING);
    assertThat(s.get("10").name()).isEqualTo("a|b");
    assertThat(s.get("10").source()).isEqualTo(JobStatus.Source.CONTROLLER);
    assertThat(s.get("11").exitCode()).isEqualTo(3);
    assertThat(s.get("11").source()).isEqualTo(JobStatus.Source.JOB_COMPLETION);
    assertThat(s.get("12").user()).isEqualTo("alice");
    assertThat(s.get("12").succeeded()).isTrue();
  }

  @Test
  void arraysAggregate() {
    String out = """
        @@squeue
        20_0|COMPLETED|None|debug|alice|n1|arr
        20_1|FAILED|NonZeroExitCode|debug|alice|n1|arr
        20_[2-3]|PENDING|Priority|debug|alice||arr
        @@jobcomp
        20|COMPLETED|0:0|debug|alice(1001)|n1||arr
        """;
    JobStatus s = StatusParser.parse(out, List.of("20")).get("20");
    assertThat(s.state()).isEqualTo(JobState.PENDING);
    assertThat(s.tasks()).hasSize(3);
    String done = out.replace("20_[2-3]|PENDING|Priority", "20_2|COMPLETED|None");
    JobStatus d = StatusParser.parse(done, List.of("20")).get("20");
    assertThat(d.state()).isEqualTo(JobState.FAILED);
    assertThat(d.isTerminal()).isTrue();
  }

  @Test
  void aGarbledJobCompletionRecordLosesAgainstTheController() {
    String out = """
        @@squeue
        82|COMPLETED|None|debug|speuser|localhost|a b c
        @@jobcomp
        82||0:0|debug|speuser(1001)|localhost||a b JobState: COMPLETED
        """;
    JobStatus s = StatusParser.parse(out, List.of("82")).get("82");
    assertThat(s.state()).isEqualTo(JobState.COMPLETED);
    assertThat(s.name()).isEqualTo("a b c");
  }

  @Test
  void accountingIsUsedWhenThere() {
    String out = "@@squeue\n@@sacct\n30|CANCELLED by 0|0:15|debug|bob|n2|None|x\n";
    JobStatus s = StatusParser.parse(out, List.of("30")).get("30");
    assertThat(s.state()).isEqualTo(JobState.CANCELLED);
    assertThat(s.source()).isEqualTo(JobStatus.Source.ACCOUNTING);
    assertThat(s.exitCode()).isZero();
  }
}

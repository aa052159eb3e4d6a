package de.denbi.spe.examples.wes;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.testkit.wes.FakeRun;
import de.denbi.spe.testkit.wes.FakeWesServer;
import de.denbi.spe.testkit.wes.WesFlavor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class WesRunExampleTest {
  @RegisterExtension
  final FakeWesServer wes = FakeWesServer.builder().flavor(WesFlavor.WESKIT).token("anyone").build();

  @TempDir Path dir;

  @Test
  void submitsTheTutorialWaitsAndPrintsTheLog() throws Exception {
    Files.writeString(dir.resolve("Snakefile"), "rule all:\n  input: 'plots/quals.svg'\n");
    Files.createDirectories(dir.resolve("data/samples"));
    Files.writeString(dir.resolve("data/samples/A.fastq"), "@r\nA\n+\n!\n");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code =
        WesRunExample.run(
            new String[] {wes.baseUrl().toString(), dir.toString(), "samples=A,B", "--timeout=1"},
            new PrintStream(buf, true, StandardCharsets.UTF_8),
            AccessTokenSource.of("anyone"));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out).contains("WESKIT", "COMPLETE", "stdout of run");
    FakeRun run = wes.run(wes.runIds().get(0)).orElseThrow();
    assertThat(run.attachments()).extracting(FakeRun.ReceivedAttachment::name)
        .containsExactly("Snakefile", "data/samples/A.fastq");
    assertThat(run.form()).containsEntry("workflow_params", "{\"samples\":[\"A\",\"B\"]}");
  }

  @Test
  void withoutATokenTheSubmissionIsRefusedAndSaidSo() throws Exception {
    Files.writeString(dir.resolve("Snakefile"), "rule all:\n");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code =
        WesRunExample.run(
            new String[] {wes.baseUrl().toString(), dir.toString()},
            new PrintStream(buf, true, StandardCharsets.UTF_8),
            null);
    assertThat(code).isEqualTo(1);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("failed:", "HTTP 401");
  }

  @Test
  void usageOnMissingArguments() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    assertThat(WesRunExample.run(new String[] {"x"}, new PrintStream(buf, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("usage: wes-run");
  }
}

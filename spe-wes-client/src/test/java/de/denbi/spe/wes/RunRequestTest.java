package de.denbi.spe.wes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunRequestTest {
  @TempDir Path dir;

  private RunRequest.Builder minimal() {
    return RunRequest.builder().workflowType("CWL").workflowTypeVersion("v1.0").workflowUrl("main.cwl");
  }

  @Test
  void toStringsShowNoSecretsOrSignatures() throws Exception {
    String presigned = "https://s3.example.org/wf/Snakefile?X-Amz-Signature=0123456789abcdef0123";
    assertThat(minimal().workflowUrl(presigned).build().toString())
        .contains("X-Amz-Signature=REDACTED").doesNotContain("0123456789abcdef0123");
    RecordedRunRequest recorded = de.denbi.spe.core.json.SpeJson.mapper().readValue(
        "{\"workflow_type\":\"SMK\",\"workflow_type_version\":\"7.21\",\"workflow_url\":\"" + presigned + "\","
            + "\"workflow_params\":{\"sample\":\"s-secret-value\"},"
            + "\"workflow_engine_parameters\":{\"data_aws_secret_access_key\":\"AKIA-very-secret-key\"}}",
        RecordedRunRequest.class);
    assertThat(recorded.toString())
        .contains("data_aws_secret_access_key").contains("sample")
        .doesNotContain("AKIA-very-secret-key").doesNotContain("s-secret-value").doesNotContain("0123456789abcdef0123");
    Log log = new Log("x", List.of(), null, null, presigned, null, 0, List.of());
    assertThat(log.toString()).doesNotContain("0123456789abcdef0123");
  }

  @Test
  void requiredFieldsAreNamed() {
    assertThatThrownBy(() -> RunRequest.builder().workflowTypeVersion("1").workflowUrl("u").build())
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("workflow_type");
    assertThatThrownBy(() -> RunRequest.builder().workflowType("CWL").workflowUrl("u").build())
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("workflow_type_version");
    assertThatThrownBy(() -> RunRequest.builder().workflowType("CWL").workflowTypeVersion("1").build())
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("workflow_url");
    assertThatThrownBy(() -> minimal().workflowUrl("a\nb").build())
        .hasMessageContaining("line breaks");
  }

  @Test
  void engineIsRequiredWithEngineVersion() {
    assertThatThrownBy(() -> minimal().workflowEngineVersion("3.1").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("workflow_engine")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("workflow_engine");
    RunRequest ok = minimal().workflowEngine("cwltool").workflowEngineVersion("3.1").build();
    assertThat(ok.workflowEngine()).isEqualTo("cwltool");
    assertThat(minimal().workflowEngine("cwltool").build().workflowEngineVersion()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "a\\b", "C:/x", "a//b", "./a", "", "a/", "a\u0000b"})
  void unsafeAttachmentNamesAreRejected(String name) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(() -> minimal().attach(name, f))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).startsWith("workflow_attachment"));
  }

  @Test
  void directoryTreesKeepRelativeNames() throws IOException {
    Path wf = Files.createDirectories(dir.resolve("wf"));
    Files.writeString(wf.resolve("Snakefile"), "rule all: input: 'a'");
    Files.createDirectories(wf.resolve("rules/sub"));
    Files.writeString(wf.resolve("rules/align.smk"), "rule align:");
    Files.writeString(wf.resolve("rules/sub/deep.smk"), "rule deep:");
    RunRequest r = minimal().attachDirectory(wf).attachDirectory(wf.resolve("rules"), "extra/").build();
    assertThat(r.attachments())
        .extracting(Attachment::name)
        .containsExactly(
            "Snakefile", "rules/align.smk", "rules/sub/deep.smk", "extra/align.smk", "extra/sub/deep.smk");
    assertThat(r.attachments().get(0).size()).isEqualTo(20);
  }

  @Test
  void duplicateNamesAreRejected() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(() -> minimal().attach("a", f).attach("a", f).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("two attachments");
  }

  @Test
  void missingFilesAndDirectoriesAreRejected() {
    assertThatThrownBy(() -> minimal().attach("x", dir.resolve("nope")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> minimal().attachDirectory(dir.resolve("nope")))
        .hasMessageContaining("not a directory");
  }

  @Test
  void symlinksOutOfTheTreeAreRejected() throws IOException {
    Path outside = Files.writeString(dir.resolve("secret.txt"), "s3cr3t");
    Path wf = Files.createDirectories(dir.resolve("wf"));
    Files.writeString(wf.resolve("inside.txt"), "ok");
    Files.createSymbolicLink(wf.resolve("inner-link.txt"), wf.resolve("inside.txt"));
    RunRequest ok = minimal().attachDirectory(wf).build();
    assertThat(ok.attachments()).extracting(Attachment::name).containsExactly("inner-link.txt", "inside.txt");
    Files.createSymbolicLink(wf.resolve("leak.txt"), outside);
    assertThatThrownBy(() -> minimal().attachDirectory(wf))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void toStringShowsNamesNotValues() {
    RunRequest r =
        minimal()
            .workflowParam("password", "hunter2")
            .engineParameter("data_aws_secret_access_key", "AKIAsecret")
            .tag("project", "p-secret")
            .build();
    assertThat(r.toString())
        .contains("password", "data_aws_secret_access_key", "project")
        .doesNotContain("hunter2", "AKIAsecret", "p-secret");
  }

  @Test
  void mapsAreCopiedAndBuilderVariantsWork() {
    RunRequest r = minimal().workflowParams(Map.of("n", 3, "list", List.of(1, 2))).build();
    assertThatThrownBy(() -> r.workflowParams().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    RunRequest v = r.toBuilder().workflowUrl("other.cwl").build();
    assertThat(v.workflowParams()).isEqualTo(r.workflowParams());
    assertThat(v.workflowUrl()).isEqualTo("other.cwl");
    assertThat(RunRequest.builder().apply(b -> b.workflowType("W").workflowTypeVersion("1").workflowUrl("u")).build().workflowType())
        .isEqualTo("W");
  }
}

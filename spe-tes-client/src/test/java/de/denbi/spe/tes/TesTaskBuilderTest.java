package de.denbi.spe.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.json.SpeJson;
import de.denbi.spe.tes.internal.Wire;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TesTaskBuilderTest {

  private static TesTask.Builder base() {
    return TesTask.builder().executor(TesExecutor.of("alpine", "true"));
  }

  private static void rejects(String field, ThrowingCallable c) {
    assertThatThrownBy(c)
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo(field));
  }

  private static void rejects(String field, Consumer<TesTask.Builder> c) {
    rejects(field, () -> {
      TesTask.Builder b = base();
      c.accept(b);
      b.build();
    });
  }

  @Test
  void executorsAreRequiredWithImageAndCommand() {
    rejects("executors", () -> TesTask.builder().build());
    rejects("executors[0].image", () -> TesTask.builder().executor(TesExecutor.of(" ", "x")).build());
    rejects("executors[1].command", b -> b.executor(TesExecutor.of("img")));
    rejects("executors[1].command[1]", b -> b.executor(new TesExecutor("i", Arrays.asList("a", null), null, null, null, null, null, null)));
    rejects("executors[1].workdir", b -> b.executor(e -> e.image("i").command("x").workdir("rel")));
    rejects("executors[1].stdin", b -> b.executor(e -> e.image("i").command("x").stdin("in.txt")));
    rejects("executors[1].stdout", b -> b.executor(e -> e.image("i").command("x").stdout("o")));
    rejects("executors[1].stderr", b -> b.executor(e -> e.image("i").command("x").stderr("e")));
    rejects("executors[1].env", b -> b.executor(e -> e.image("i").command("x").env("A=B", "c")));
  }

  @Test
  void inputsNeedAnAbsolutePathAndUrlXorContent() {
    rejects("inputs[0].path", b -> b.input(TesInput.fromUrl("s3://b/k", "data/in")));
    rejects("inputs[0].path", b -> b.input(TesInput.fromUrl("s3://b/k", null)));
    rejects("inputs[0].url", b -> b.input(new TesInput(null, null, null, "/in", null, null, null)));
    rejects("inputs[0].content", b -> b.input(new TesInput(null, null, "s3://b/k", "/in", null, "x", null)));
    rejects("inputs[0].path", b -> b.input(TesInput.fromUrl("s3://b/k", "/in/*.txt")));
    rejects("inputs[0].type", b -> b.input(TesInput.ofContent("x", "/in").withType(TesFileType.DIRECTORY)));
    assertThat(base().input(TesInput.ofContent("", "/empty")).build().inputs()).hasSize(1);
  }

  @Test
  void outputsNeedUrlAndPathAndAPrefixForWildcards() {
    rejects("outputs[0].url", b -> b.output(TesOutput.of("/out", " ")));
    rejects("outputs[0].path", b -> b.output(TesOutput.of("out", "s3://b/o")));
    rejects("outputs[0].path_prefix", b -> b.output(new TesOutput(null, null, "s3://b/o/", "/data/*.txt", null, null)));
    rejects("outputs[0].path_prefix", b -> b.output(TesOutput.wildcard("/data/*.txt", "/other/", "s3://b/o/")));
    rejects("outputs[0].path_prefix", b -> b.output(TesOutput.wildcard("/data/*.txt", "data/", "s3://b/o/")));
    TesTask ok = base().output(TesOutput.wildcard("/data/out/*.txt", "/data/out/", "s3://b/o/")).build();
    assertThat(ok.outputs().get(0).hasWildcard()).isTrue();
    assertThat(TesOutput.of("/a", "s3://b").hasWildcard()).isFalse();
  }

  @Test
  void resourcesVolumesAndTagsAreChecked() {
    rejects("resources.cpu_cores", () -> TesResources.builder().cpuCores(0));
    rejects("resources.ram_gb", () -> TesResources.builder().ramGb(-1));
    rejects("resources.disk_gb", () -> TesResources.builder().diskGb(Double.NaN));
    rejects("resources.zones", () -> TesResources.builder().zone(""));
    rejects("resources.backend_parameters", () -> TesResources.builder().backendParameter(" ", "x"));
    rejects("resources.ram_gb", b -> b.resources(new TesResources(null, null, 0.0, null, null, null, null)));
    rejects("volumes[0]", b -> b.volume("vol"));
    rejects("tags", b -> b.tag(" ", "x"));
    rejects("tags.k", b -> b.tag("k", null));
  }

  @Test
  void writesTheWireFormatOfTheSpecification() throws Exception {
    TesTask t = TesTask.builder()
        .name("n")
        .input(TesInput.fromUrl("https://s3/b/in?X-Amz-Signature=abc", "/in").withStreamable(true))
        .output(TesOutput.wildcard("/out/*.txt", "/out/", "https://s3/b/out/"))
        .executor(e -> e.image("i").command("c").ignoreError(true))
        .resources(r -> r.cpuCores(1).ramGb(2).diskGb(3).preemptible(false).backendParameter("VmSize", "s").backendParametersStrict(true))
        .tag("a", "b")
        .build();
    JsonNode n = SpeJson.mapper().valueToTree(Wire.CreateTaskBody.of(t));
    assertThat(n.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "inputs", "outputs", "resources", "executors", "tags");
    assertThat(n.at("/outputs/0/path_prefix").asText()).isEqualTo("/out/");
    assertThat(n.at("/outputs/0/type").asText()).isEqualTo("FILE");
    assertThat(n.at("/inputs/0/streamable").asBoolean()).isTrue();
    assertThat(n.at("/executors/0/ignore_error").asBoolean()).isTrue();
    assertThat(n.at("/resources/cpu_cores").asInt()).isEqualTo(1);
    assertThat(n.at("/resources/ram_gb").asDouble()).isEqualTo(2.0);
    assertThat(n.at("/resources/backend_parameters_strict").asBoolean()).isTrue();
    assertThat(n.at("/resources/backend_parameters/VmSize").asText()).isEqualTo("s");
    assertThat(n.has("id") || n.has("state") || n.has("logs")).isFalse();
  }

  @Test
  void readsServersLeniently() throws Exception {
    String json = """
        {"id":"t1","state":"SOMETHING_NEW","executors":[{"image":"i","command":["a"],"x-extra":1}],
         "logs":[{"logs":[{"exit_code":0}],"outputs":[{"url":"u","path":"/p","size_bytes":"1024"},
                  {"url":"u2","path":"/q","size_bytes":7}],"system_logs":null}],
         "tags":null,"unknown_field":{"a":1}}
        """;
    TesTask t = SpeJson.mapper().readValue(json, TesTask.class);
    assertThat(t.state()).isEqualTo(TesState.UNKNOWN);
    assertThat(t.tags()).isEmpty();
    assertThat(t.inputs()).isEmpty();
    assertThat(t.lastLog().get().outputs()).extracting(TesOutputFileLog::sizeBytes).containsExactly(1024L, 7L);
    assertThat(t.lastLog().get().systemLogs()).isEmpty();
    assertThat(SpeJson.mapper().writeValueAsString(new TesOutputFileLog("u", "/p", 5L))).contains("\"size_bytes\":\"5\"");
    TesTask missingState = SpeJson.mapper().readValue("{\"id\":\"x\"}", TesTask.class);
    assertThat(missingState.state()).isEqualTo(TesState.UNKNOWN);
  }

  @Test
  void toStringNeverShowsPresignedSignaturesOrContent() {
    String get = "https://s3.example.org/b/in?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA123%2F20260101"
        + "&X-Amz-Signature=deadbeefcafe";
    TesTask t = base()
        .input(TesInput.fromUrl(get, "/in"))
        .input(TesInput.ofContent("patient 4711: positive", "/c"))
        .output(TesOutput.of("/out", get.replace("/in?", "/out?")))
        .build();
    String text = t.toString();
    assertThat(text).doesNotContain("deadbeefcafe").doesNotContain("AKIA123").doesNotContain("4711")
        .contains("s3.example.org/b/in").contains("<22 chars>");
    assertThat(new TesOutputFileLog(get, "/p", 1L).toString()).doesNotContain("deadbeefcafe");
    assertThat(TesExecutor.builder().image("i").command("c").env("AWS_SECRET_ACCESS_KEY", "s3cr3t-value").build().toString())
        .contains("AWS_SECRET_ACCESS_KEY").doesNotContain("s3cr3t-value");
  }

  @Test
  void toBuilderKeepsTheUserFields() {
    TesTask t = base().name("n").tag("a", "b").volume("/v").input(TesInput.ofContent("c", "/c")).build();
    TesTask copy = t.toBuilder().description("d").build();
    assertThat(copy.name()).isEqualTo("n");
    assertThat(copy.tags()).isEqualTo(Map.of("a", "b"));
    assertThat(copy.volumes()).containsExactly("/v");
    assertThat(copy.description()).isEqualTo("d");
  }

  @Test
  void versionsParse() {
    assertThat(TesApiVersion.parse("1.0.0")).isEqualTo(TesApiVersion.V1_0);
    assertThat(TesApiVersion.parse("v1.1.0")).isEqualTo(TesApiVersion.V1_1);
    assertThat(TesApiVersion.parse("1.1")).isEqualTo(TesApiVersion.V1_1);
    assertThat(TesApiVersion.parse("1.10.0")).isEqualTo(TesApiVersion.UNKNOWN);
    assertThat(TesApiVersion.parse(null)).isEqualTo(TesApiVersion.UNKNOWN);
  }

  @Test
  void queryChecksItsValues() {
    rejects("page_size", () -> TaskQuery.builder().pageSize(2048).build());
    rejects("page_size", () -> TaskQuery.builder().pageSize(0).build());
    rejects("state", () -> TaskQuery.builder().state(TesState.UNKNOWN).build());
    rejects("tag_key", () -> TaskQuery.builder().tag(" ", "v").build());
  }
}

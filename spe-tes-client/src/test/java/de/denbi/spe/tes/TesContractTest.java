package de.denbi.spe.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.tes.FakeTesServer;
import de.denbi.spe.testkit.tes.RecordedExchange;
import de.denbi.spe.testkit.tes.TaskRunner;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request the client sends and every reply {@link FakeTesServer} gives, validated against
 * the official TES OpenAPI files in {@code ../shared/specs} (system property {@code
 * spe.shared.dir}). Skipped, with a message, where those files are absent.
 *
 * <p>Two findings are not counted, because the specification contradicts itself, not the code:
 * a MINIMAL task has only {@code id} and {@code state} (the {@code view} parameter's own rule)
 * although {@code tesTask} lists {@code executors} as required; and error replies (404, 400) have
 * no schema in the specification at all.
 */
class TesContractTest {
  private static final WaiterConfig FAST =
      new WaiterConfig(Duration.ofMillis(5), Duration.ofMillis(20), 1.5, Duration.ofSeconds(20), 3);

  private static Path spec(String version) {
    String dir = System.getProperty("spe.shared.dir");
    Path p = dir == null ? null : Path.of(dir, "specs", "tes-" + version + ".openapi.yaml");
    Assumptions.assumeTrue(
        p != null && Files.isRegularFile(p),
        "TES " + version + " contract test SKIPPED: the official spec is absent (looked for "
            + p + "; the build passes -Dspe.shared.dir=../shared)");
    return p;
  }

  @ParameterizedTest(name = "TES {0}")
  @ValueSource(strings = {"1.1.0", "1.0.0"})
  void clientRequestsAndFakeRepliesFollowTheSpecification(String version) {
    Path spec = spec(version);
    OpenApiInteractionValidator validator =
        OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
            .withResolveRefs(true)
            .withResolveCombinators(true) // allOf (tesServiceInfo) merged, else each part rejects the other's fields
            .build();
    boolean v11 = version.startsWith("1.1");
    try (FakeTesServer fake = FakeTesServer.builder()
        .apiVersion(version)
        .runner(TaskRunner.exitCodes(0, 1))
        .recordExchanges(10_000)
        .build()
        .start()) {
      TesClient client = TesClient.builder().baseUrl(fake.rootUrl()).build();
      exercise(client, v11);
      List<RecordedExchange> exchanges = fake.exchanges();
      assertThat(exchanges).hasSizeGreaterThan(20);
      List<String> problems = new ArrayList<>();
      for (RecordedExchange ex : exchanges) {
        ValidationReport report = validator.validate(request(ex), response(ex));
        for (ValidationReport.Message m : report.getMessages()) {
          if (m.getLevel() == ValidationReport.Level.ERROR && !knownSpecContradiction(ex, m)) {
            problems.add(ex.method() + " " + ex.path() + (ex.query() == null ? "" : "?" + ex.query())
                + " -> " + ex.status() + ": " + m.getKey() + ": " + m.getMessage());
          }
        }
      }
      assertThat(problems).as("validation errors against " + spec.getFileName()).isEmpty();
    }
  }

  @ParameterizedTest(name = "TES {0}")
  @ValueSource(strings = {"1.1.0", "1.0.0"})
  void theValidatorRejectsWhatBreaksTheSpecification(String version) {
    Path spec = spec(version);
    OpenApiInteractionValidator validator =
        OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
            .withResolveRefs(true).withResolveCombinators(true).build();
    Map<String, List<String>> json = Map.of("content-type", List.of("application/json"));
    // an executor without image, a size in bytes as a number, an unknown state
    RecordedExchange badRequest = new RecordedExchange("POST", "/ga4gh/tes/v1/tasks", null, json,
        "{\"executors\":[{\"command\":[\"x\"]}]}", 200, json, "{\"id\":\"t\"}");
    RecordedExchange badReply = new RecordedExchange("GET", "/ga4gh/tes/v1/tasks/t", "view=FULL", Map.of(), "", 200, json,
        "{\"id\":\"t\",\"state\":\"BOGUS\",\"executors\":[{\"image\":\"i\",\"command\":[\"c\"]}],"
            + "\"logs\":[{\"logs\":[],\"outputs\":[{\"url\":\"u\",\"path\":\"/p\",\"size_bytes\":12}]}]}");
    assertThat(validator.validate(request(badRequest), response(badRequest)).getMessages())
        .anyMatch(m -> m.getMessage().contains("image"));
    assertThat(validator.validate(request(badReply), response(badReply)).getMessages())
        .anyMatch(m -> m.getMessage().contains("enumeration"))
        .anyMatch(m -> m.getMessage().contains("integer found, string expected"));
  }

  private static void exercise(TesClient client, boolean v11) {
    client.serviceInfo();
    TesTask.Builder b = TesTask.builder()
        .name("contract")
        .description("all fields")
        .input(TesInput.ofContent("hello", "/data/in.txt"))
        .input(TesInput.fromUrl("s3://bucket/dir", "/data/dir").withType(TesFileType.DIRECTORY))
        .output(TesOutput.of("/data/out.txt", "s3://bucket/out.txt").withName("out"))
        .executor(e -> e.image("alpine:3.20").command("sh", "-c", "cat /data/in.txt").workdir("/data")
            .stdin("/data/in.txt").stdout("/tmp/o").stderr("/tmp/e").env("K", "V"))
        .executor(TesExecutor.of("alpine:3.20", "false"))
        .volume("/vol/a")
        .tag("project", "p1");
    if (v11) {
      b.input(TesInput.fromUrl("https://s3.example.org/b/k", "/data/k").withStreamable(true))
          .output(TesOutput.wildcard("/data/out/*.txt", "/data/out/", "s3://bucket/out/"))
          .executor(e -> e.image("alpine:3.20").command("true").ignoreError(true))
          .resources(r -> r.cpuCores(2).ramGb(1).diskGb(5).preemptible(true).zone("z1")
              .backendParameter("VmSize", "s").backendParametersStrict(false));
    } else {
      b.resources(r -> r.cpuCores(2).ramGb(1).diskGb(5).preemptible(true).zone("z1"));
    }
    String id = client.createTask(b.build());
    for (TesView v : TesView.values()) {
      client.getTask(id, v);
    }
    TesTask done = client.waitFor(id, WaitOptions.defaults().withConfig(FAST).withFinalView(TesView.FULL));
    assertThat(done.state()).isEqualTo(TesState.EXECUTOR_ERROR);
    for (int i = 0; i < 5; i++) {
      client.createTask(t -> t.name("page").tag("k", "v").executor(TesExecutor.of("a", "true")));
    }
    String toCancel = client.createTask(t -> t.name("cancel-me").executor(TesExecutor.of("a", "sleep", "9")));
    client.cancelTask(toCancel);
    for (TesView v : TesView.values()) {
      client.listTasks(TaskQuery.builder().view(v).pageSize(2).build()).stream().count();
    }
    client.listTasks(TaskQuery.builder().namePrefix("pa").state(TesState.QUEUED).tag("k", "v").tag("x", "").pageSize(3).build())
        .stream().count();
    assertThatThrownBy(() -> client.getTask("does-not-exist")).isInstanceOf(NotFoundException.class);
  }

  private static boolean knownSpecContradiction(RecordedExchange ex, ValidationReport.Message m) {
    if (ex.status() >= 400) {
      return m.getKey().equals("validation.response.status.unknown");
    }
    boolean minimal = ex.query() == null || ex.query().contains("view=MINIMAL");
    return minimal
        && m.getKey().equals("validation.response.body.schema.required")
        && m.getMessage().contains("executors");
  }

  private static SimpleRequest request(RecordedExchange ex) {
    SimpleRequest.Builder b = new SimpleRequest.Builder(ex.method(), ex.path());
    ex.requestHeaders().forEach(b::withHeader);
    query(ex.query()).forEach(b::withQueryParam);
    if (!ex.requestBody().isEmpty()) {
      b.withBody(ex.requestBody());
    }
    return b.build();
  }

  private static SimpleResponse response(RecordedExchange ex) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(ex.status());
    ex.responseHeaders().forEach(b::withHeader);
    b.withBody(ex.responseBody());
    return b.build();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }
}

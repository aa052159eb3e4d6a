package de.denbi.spe.wes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.wes.FakeWesServer;
import de.denbi.spe.testkit.wes.WesFlavor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every request the client sends and every reply the fake returns, checked against the official
 * WES 1.0.0 (Swagger 2.0) and 1.1.0 (OpenAPI 3) files in {@code ../shared/specs}. Skipped, with
 * the reason, when that directory is absent.
 */
class WesContractTest {
  @TempDir Path dir;

  private static Path specs() {
    String prop = System.getProperty("spe.shared.dir");
    Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    return shared.resolve("specs");
  }

  private static Path spec(WesFlavor flavor) {
    return specs().resolve(flavor == WesFlavor.WES_1_1 ? "wes-1.1.0.openapi.yaml" : "wes-1.0.0.swagger.yaml");
  }

  @ParameterizedTest
  @EnumSource(WesFlavor.class)
  void clientRequestsAndFakeRepliesFollowTheSpec(WesFlavor flavor) throws Exception {
    Path spec = spec(flavor);
    assumeTrue(Files.isRegularFile(spec), "WES contract tests skipped: " + spec.toAbsolutePath() + " not found (spe.shared.dir)");
    OpenApiInteractionValidator validator =
        OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
            .withBasePathOverride(FakeWesServer.BASE_PATH)
            // the specs do not forbid additional properties (JSON Schema's default); the
            // validator is stricter than that by default, which would flag the allOf schemas
            .withLevelResolver(
                LevelResolver.create()
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    try (FakeWesServer server = FakeWesServer.builder().flavor(flavor).tasksPerRun(3).defaultPageSize(2).build().start()) {
      exercise(server, flavor);
      List<String> problems = new ArrayList<>();
      int checked = 0;
      for (FakeWesServer.Exchange e : server.exchanges()) {
        if (!e.path().startsWith(FakeWesServer.BASE_PATH)) {
          continue; // WESkit's own /weskit/v1 endpoints are outside the WES contract
        }
        checked++;
        ValidationReport report = validator.validate(request(e), response(e));
        if (report.hasErrors()) {
          problems.add(e + ": " + report.getMessages());
        }
      }
      assertThat(checked).isGreaterThan(15);
      assertThat(problems).isEmpty();

      Set<String> specFields = formFields(spec, flavor);
      for (String runId : server.runIds()) {
        assertThat(specFields).containsAll(server.run(runId).orElseThrow().form().keySet());
      }
    }
  }

  private void exercise(FakeWesServer server, WesFlavor flavor) throws IOException {
    WesClient wes =
        WesClient.builder()
            .baseUrl(server.baseUrl())
            .tokenSource(AccessTokenSource.of("test-token"))
            .waiterConfig(new WaiterConfig(Duration.ofMillis(5), Duration.ofMillis(10), 1.5, Duration.ofSeconds(30), 3))
            .pageSize(2)
            .build();
    Path wf = Files.createDirectories(dir.resolve("wf/rules"));
    Files.writeString(wf.getParent().resolve("Snakefile"), "rule all:\n");
    Files.writeString(wf.resolve("a.smk"), "rule a:\n");
    boolean weskit = flavor == WesFlavor.WESKIT;
    RunRequest.Builder rb =
        RunRequest.builder()
            .workflowType("SMK")
            .workflowTypeVersion(weskit ? "7.30.2" : "7.21.0")
            .workflowUrl(weskit ? "file:Snakefile" : "Snakefile")
            .attachDirectory(wf.getParent())
            .workflowParam("samples", List.of("A", "B"))
            .tag("project", "p1")
            .engineParameter("cores", "2");
    if (flavor == WesFlavor.WES_1_1) {
      rb.workflowEngine("snakemake").workflowEngineVersion("7.21.0");
    }
    wes.serviceInfo();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(wes.runWorkflow(rb.build()));
    }
    wes.getRunLog(ids.get(0));
    wes.waitFor(ids.get(0), Duration.ofSeconds(20));
    wes.getRunLog(ids.get(0));
    wes.cancelRun(ids.get(1));
    wes.waitFor(ids.get(1), Duration.ofSeconds(20));
    wes.getRunLog(ids.get(1));
    wes.listRuns().stream().count();
    wes.listTasks(ids.get(0)).stream().count();
    if (flavor == WesFlavor.WES_1_1) {
      wes.getTask(ids.get(0), "task-2");
    }
    wes.serviceInfo();
    // error replies are part of the contract too
    expectFailure(() -> wes.getRunStatus(weskit ? "00000000-0000-0000-0000-000000000000" : "missing"));
    expectFailure(
        () -> WesClient.builder().baseUrl(server.baseUrl()).tokenSource(AccessTokenSource.of("wrong"))
            .dialect(WesDialect.STANDARD).apiVersion(WesApiVersion.V1_0).build().getRunLog(ids.get(2)));
  }

  private static void expectFailure(Runnable r) {
    try {
      r.run();
      throw new AssertionError("expected an error reply");
    } catch (SpeException expected) {
      // the reply is what is checked
    }
  }

  private static Request request(FakeWesServer.Exchange e) {
    SimpleRequest.Builder b =
        e.method().equals("POST") ? SimpleRequest.Builder.post(e.path()) : SimpleRequest.Builder.get(e.path());
    b.withHeader("Authorization", "Bearer test-token");
    if (e.requestContentType() != null) {
      b.withContentType(e.requestContentType());
    }
    if (e.query() != null) {
      for (String p : e.query().split("&")) {
        String[] kv = p.split("=", 2);
        b.withQueryParam(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
      }
    }
    return b.build();
  }

  private static SimpleResponse response(FakeWesServer.Exchange e) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(e.status()).withContentType(e.responseContentType());
    if (e.responseText() != null && !e.responseText().isEmpty()) {
      b.withBody(e.responseText());
    }
    return b.build();
  }

  /** The form fields RunWorkflow declares, read from the spec file itself. */
  private static Set<String> formFields(Path spec, WesFlavor flavor) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(spec.toFile());
    JsonNode post = root.path("paths").path("/runs").path("post");
    Set<String> names = new HashSet<>();
    if (flavor == WesFlavor.WES_1_1) {
      post.path("requestBody").path("content").path("multipart/form-data").path("schema").path("properties")
          .fieldNames().forEachRemaining(names::add);
    } else {
      for (JsonNode p : post.path("parameters")) {
        if (p.path("in").asText().equals("formData")) {
          names.add(p.path("name").asText());
        }
      }
    }
    assertThat(names).contains("workflow_url", "workflow_attachment");
    return names;
  }
}

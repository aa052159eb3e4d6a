package de.denbi.spe.wes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.ConflictException;
import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.PagingException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.http.SpeHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WesClientMockServerTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private WesClient client(WesDialect dialect) {
    SpeHttpClient http =
        SpeHttpClient.builder()
            .retryPolicy(RetryPolicy.defaults().withDelays(Duration.ofMillis(5), Duration.ofMillis(20)))
            .readTimeout(Duration.ofSeconds(5))
            .build();
    return WesClient.builder()
        .baseUrl(server.url("/ga4gh/wes/v1").toString())
        .httpClient(http)
        .tokenSource(AccessTokenSource.of("tok"))
        .dialect(dialect)
        .apiVersion(dialect == WesDialect.WESKIT ? WesApiVersion.V1_0 : WesApiVersion.V1_1)
        .build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static RunRequest cwl() {
    return RunRequest.builder().workflowType("CWL").workflowTypeVersion("v1.0").workflowUrl("https://x/main.cwl").build();
  }

  @Test
  void everyEndpointUsesTheRightMethodAndPath() throws Exception {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(json(200, "{\"run_id\":\"r/1\",\"state\":\"RUNNING\"}"));
    server.enqueue(json(200, "{\"run_id\":\"r/1\",\"state\":\"COMPLETE\",\"outputs\":{}}"));
    server.enqueue(json(200, "{\"run_id\":\"r/1\"}"));
    server.enqueue(json(200, "{\"task_logs\":[{\"id\":\"t1\",\"name\":\"a\"}],\"next_page_token\":\"\"}"));
    server.enqueue(json(200, "{\"id\":\"t1\",\"name\":\"a\",\"exit_code\":0}"));
    server.enqueue(json(200, "{\"runs\":[],\"next_page_token\":\"\"}"));
    server.enqueue(json(200, "{\"run_id\":\"new\"}"));

    assertThat(wes.getRunStatus("r/1").state()).isEqualTo(RunState.RUNNING);
    assertThat(wes.getRunLog("r/1").state()).isEqualTo(RunState.COMPLETE);
    assertThat(wes.cancelRun("r/1")).isEqualTo("r/1");
    assertThat(wes.listTasks("r/1").stream().toList()).hasSize(1);
    assertThat(wes.getTask("r/1", "t1").exitCode()).isZero();
    assertThat(wes.listRuns().stream().toList()).isEmpty();
    assertThat(wes.runWorkflow(cwl())).isEqualTo("new");

    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      RecordedRequest r = server.takeRequest();
      lines.add(r.getMethod() + " " + r.getUrl().encodedPath());
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
    }
    assertThat(lines)
        .containsExactly(
            "GET /ga4gh/wes/v1/runs/r%2F1/status",
            "GET /ga4gh/wes/v1/runs/r%2F1",
            "POST /ga4gh/wes/v1/runs/r%2F1/cancel",
            "GET /ga4gh/wes/v1/runs/r%2F1/tasks",
            "GET /ga4gh/wes/v1/runs/r%2F1/tasks/t1",
            "GET /ga4gh/wes/v1/runs",
            "POST /ga4gh/wes/v1/runs");
  }

  @Test
  void getsAreRetriedAndCancelsToo() {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(json(503, "{\"msg\":\"busy\",\"status_code\":503}"));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(json(200, "{\"run_id\":\"r1\",\"state\":\"QUEUED\"}"));
    assertThat(wes.getRunStatus("r1").state()).isEqualTo(RunState.QUEUED);
    assertThat(server.getRequestCount()).isEqualTo(3);

    server.enqueue(json(502, "{}"));
    server.enqueue(json(200, "{\"run_id\":\"r1\"}"));
    assertThat(wes.cancelRun("r1")).isEqualTo("r1");
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void aSubmissionIsNeverSentTwice() {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(json(503, "{\"msg\":\"overloaded\",\"status_code\":503}"));
    assertThatThrownBy(() -> wes.runWorkflow(cwl())).isInstanceOf(ServerErrorException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);

    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(json(200, "{\"run_id\":\"third\"}"));
    assertThatThrownBy(() -> wes.runWorkflow(cwl()))
        .isInstanceOf(SpeConnectionException.class)
        .hasMessageContaining("may have reached the server");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void a401IsAnsweredWithAFreshTokenOnce() throws Exception {
    AtomicInteger gen = new AtomicInteger(1);
    WesClient wes =
        WesClient.builder()
            .baseUrl(server.url("/ga4gh/wes/v1").toString())
            .apiVersion(WesApiVersion.V1_1)
            .dialect(WesDialect.STANDARD)
            .tokenSource(
                new AccessTokenSource() {
                  @Override
                  public AccessToken token() {
                    return AccessToken.of("gen-" + gen.get());
                  }

                  @Override
                  public void invalidate(AccessToken rejected) {
                    gen.incrementAndGet();
                  }
                })
            .build();
    server.enqueue(json(401, "{\"msg\":\"expired\",\"status_code\":401}"));
    server.enqueue(json(200, "{\"run_id\":\"r\",\"state\":\"RUNNING\"}"));
    assertThat(wes.getRunStatus("r").state()).isEqualTo(RunState.RUNNING);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer gen-1");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer gen-2");
  }

  @Test
  void errorResponsesBecomeTypedExceptions() {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(json(404, "{\"msg\":\"run r9 not found\",\"status_code\":404}"));
    assertThatThrownBy(() -> wes.getRunLog("r9")).isInstanceOf(NotFoundException.class).hasMessageContaining("run r9 not found");
    server.enqueue(json(403, "{\"msg\":\"not yours\",\"status_code\":403}"));
    assertThatThrownBy(() -> wes.getRunLog("r9")).isInstanceOf(ForbiddenException.class);
    server.enqueue(json(400, "{\"msg\":\"Malformed request: bad\",\"status_code\":400}"));
    assertThatThrownBy(() -> wes.runWorkflow(cwl())).isInstanceOf(BadRequestException.class).hasMessageContaining("Malformed request");
  }

  @Test
  void weskit500sAreMappedButAStandardServers500IsAServerError() {
    WesClient weskit = client(WesDialect.WESKIT);
    server.enqueue(json(500, "{\"msg\":\"Could not find 'abc'\",\"status_code\":500}"));
    assertThatThrownBy(() -> weskit.getRunStatus("abc")).isInstanceOf(NotFoundException.class).hasMessageContaining("HTTP 500");
    server.enqueue(json(500, "{\"msg\":\"Run 'x' is not in COMPLETED state\",\"status_code\":500}"));
    assertThatThrownBy(() -> weskit.getRunStatus("x")).isInstanceOf(ConflictException.class);
    server.enqueue(json(500, "{\"msg\":\"database is down\",\"status_code\":500}"));
    assertThatThrownBy(() -> weskit.getRunStatus("x")).isInstanceOf(ServerErrorException.class);

    WesClient standard = client(WesDialect.STANDARD);
    server.enqueue(json(500, "{\"msg\":\"Could not find 'abc'\",\"status_code\":500}"));
    assertThatThrownBy(() -> standard.getRunStatus("abc")).isInstanceOf(ServerErrorException.class);
  }

  @Test
  void serviceInfoShapesAreTolerated() {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(
        json(
            200,
            """
            {"workflow_type_versions":{"SMK":{"workflow_type_version":["7.30.2"]},"NFL":["23.04.1"]},
             "supported_wes_versions":["1.0.0"],
             "workflow_engine_versions":{"SMK":"7.30.2,7.21.0","NFL":["23.04.1"],"X":{"workflow_engine_version":"1"}},
             "default_workflow_engine_parameters":{"SMK":{"7.30.2":[{"name":"cores","type":"int","default_value":"1"}]}},
             "system_state_counts":{"COMPLETE":3},
             "tags":{"n":1,"s":"x","nested":{"a":1}},
             "something_new":{"x":[1,2,3]}}
            """));
    ServiceInfo info = wes.serviceInfo();
    assertThat(info.workflowEngineVersions())
        .containsEntry("SMK", List.of("7.30.2", "7.21.0"))
        .containsEntry("NFL", List.of("23.04.1"))
        .containsEntry("X", List.of("1"));
    assertThat(info.workflowTypeVersions()).containsEntry("NFL", List.of("23.04.1"));
    assertThat(info.defaultWorkflowEngineParameters())
        .containsExactly(new DefaultWorkflowEngineParameter("cores", "int", "1", "SMK", "7.30.2"));
    assertThat(info.tags()).containsEntry("n", "1").containsEntry("nested", "{\"a\":1}");
    assertThat(info.apiVersion()).isEqualTo(WesApiVersion.V1_0);
    assertThat(info.dialect()).isEqualTo(WesDialect.WESKIT);
    assertThat(info.name()).isNull();

    server.enqueue(json(200, "{}"));
    ServiceInfo empty = wes.serviceInfo();
    assertThat(empty.workflowTypeVersions()).isEmpty();
    assertThat(empty.profile()).isEqualTo(new WesServerProfile(WesApiVersion.V1_0, WesDialect.STANDARD));
  }

  @Test
  void unknownStatesAndFieldsAreTolerated() {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(json(200, "{\"run_id\":\"r\",\"state\":\"HIBERNATING\",\"extra\":[1]}"));
    assertThat(wes.getRunStatus("r").state()).isEqualTo(RunState.UNKNOWN);
    server.enqueue(json(200, "{\"run_id\":\"r\"}"));
    assertThat(wes.getRunStatus("r").state()).isEqualTo(RunState.UNKNOWN);
    server.enqueue(
        json(200, "{\"run_id\":\"r\",\"request\":{\"workflow_params\":\"{\\\"a\\\":1}\",\"tags\":\"{\\\"t\\\":\\\"v\\\"}\"},\"task_logs\":null}"));
    RunLog log = wes.getRunLog("r");
    assertThat(log.request().workflowParams().get("a").asInt()).isEqualTo(1);
    assertThat(log.request().tags()).containsEntry("t", "v");
    assertThat(log.taskLogs()).isEmpty();
  }

  @Test
  void hostileRepliesGiveClearExceptions() {
    WesClient wes = client(WesDialect.STANDARD);
    server.enqueue(json(200, "{\"run_id\":\"r\",\"state\":\"RUN"));
    assertThatThrownBy(() -> wes.getRunStatus("r")).isInstanceOf(InvalidResponseException.class).hasMessageContaining("RunStatus");
    server.enqueue(json(200, "{\"run_id\":{\"x\":1},\"state\":7}"));
    assertThatThrownBy(() -> wes.getRunStatus("r")).isInstanceOf(InvalidResponseException.class);
    server.enqueue(json(200, "{\"runs\":\"many\",\"next_page_token\":\"\"}"));
    assertThatThrownBy(() -> wes.listRuns().stream().count()).isInstanceOf(InvalidResponseException.class);
    server.enqueue(json(200, "{\"workflow_engine_versions\":[\"x\"]}"));
    assertThatThrownBy(wes::serviceInfo).isInstanceOf(InvalidResponseException.class);
    server.enqueue(json(200, "{}"));
    assertThatThrownBy(() -> wes.runWorkflow(cwl())).isInstanceOf(InvalidResponseException.class).hasMessageContaining("run_id");

    // a 10 MB error body: read up to the 64 KiB limit, not into memory as a whole
    String big = "x".repeat(10 * 1024 * 1024);
    server.enqueue(new MockResponse.Builder().code(500).body(big).build());
    assertThatThrownBy(() -> wes.getRunLog("r"))
        .isInstanceOf(ServerErrorException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(5000))
        .hasMessageContaining("truncated");
  }

  @Test
  void aPageTokenThatNeverEndsStops() {
    WesClient wes = client(WesDialect.STANDARD).newBuilder().maxPages(20).build();
    for (int i = 0; i < 25; i++) {
      server.enqueue(json(200, "{\"runs\":[{\"run_id\":\"r" + i + "\"}],\"next_page_token\":\"t" + i + "\"}"));
    }
    assertThatThrownBy(() -> wes.listRuns().stream().count()).isInstanceOf(PagingException.class);
    assertThat(server.getRequestCount()).isEqualTo(20);

    server.enqueue(json(200, "{\"runs\":[{\"run_id\":\"a\"}],\"next_page_token\":\"" + "t".repeat(10_000) + "\"}"));
    assertThatThrownBy(() -> wes.listRuns().stream().count()).isInstanceOf(PagingException.class).hasMessageContaining("10000 characters");

    server.enqueue(json(200, "{\"runs\":[{\"run_id\":\"a\"}],\"next_page_token\":\"same\"}"));
    server.enqueue(json(200, "{\"runs\":[{\"run_id\":\"b\"}],\"next_page_token\":\"same\"}"));
    assertThatThrownBy(() -> wes.listRuns().stream().count()).isInstanceOf(PagingException.class).hasMessageContaining("sent before");
  }

  @Test
  void pageSizeAndTokenAreSent() throws Exception {
    WesClient wes = client(WesDialect.STANDARD).newBuilder().pageSize(2).build();
    server.enqueue(json(200, "{\"runs\":[{\"run_id\":\"a\"},{\"run_id\":\"b\"}],\"next_page_token\":\"n 1\"}"));
    server.enqueue(json(200, "{\"runs\":[{\"run_id\":\"c\"}]}"));
    assertThat(wes.listRuns().stream().map(RunSummary::runId).toList()).containsExactly("a", "b", "c");
    assertThat(server.takeRequest().getUrl().query()).isEqualTo("page_size=2");
    assertThat(server.takeRequest().getUrl().queryParameter("page_token")).isEqualTo("n 1");
  }

  @Test
  void standardLogsAreFetchedWithoutLeakingTheTokenToOtherHosts() throws Exception {
    WesClient wes = client(WesDialect.STANDARD);
    String same = server.url("/logs/r/stdout").toString();
    server.enqueue(json(200, "{\"run_id\":\"r\",\"run_log\":{\"stdout\":\"" + same + "\",\"stderr\":\"relative/path\"}}"));
    server.enqueue(new MockResponse.Builder().body("hello\n").build());
    assertThat(wes.runStdout("r")).contains("hello\n");
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer tok");

    String otherHost = server.url("/").host().equals("localhost") ? "127.0.0.1" : "localhost";
    String other = server.url("/x").newBuilder().host(otherHost).build().toString();
    server.enqueue(json(200, "{\"run_id\":\"r\",\"run_log\":{\"stdout\":\"" + other + "\"}}"));
    server.enqueue(new MockResponse.Builder().body("elsewhere").build());
    assertThat(wes.runStdout("r")).contains("elsewhere");
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();

    server.enqueue(json(200, "{\"run_id\":\"r\",\"run_log\":{\"stderr\":\"relative/path\"}}"));
    assertThat(wes.runStderr("r")).isEmpty();
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> WesClient.builder().build())
        .isInstanceOf(de.denbi.spe.core.InvalidConfigException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> WesClient.builder().baseUrl("ftp://x").build()).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> WesClient.builder().baseUrl("https://u:p@x/").build()).hasMessageContaining("credentials");
    assertThatThrownBy(() -> WesClient.builder().pageSize(0)).hasMessageContaining("pageSize");
    WesClient c = WesClient.builder().baseUrl("https://wes.example.org/ga4gh/wes/v1").build();
    assertThat(c.baseUrl().toString()).isEqualTo("https://wes.example.org/ga4gh/wes/v1/");
  }
}

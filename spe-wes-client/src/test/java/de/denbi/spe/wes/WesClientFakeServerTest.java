package de.denbi.spe.wes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.ConflictException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.PagingException;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.wes.FakeRun;
import de.denbi.spe.testkit.wes.FakeWesServer;
import de.denbi.spe.testkit.wes.Paging;
import de.denbi.spe.testkit.wes.WesFlavor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WesClientFakeServerTest {
  private static final WaiterConfig FAST =
      new WaiterConfig(Duration.ofMillis(5), Duration.ofMillis(20), 1.5, Duration.ofSeconds(30), 3);

  @TempDir Path dir;
  private FakeWesServer server;

  private FakeWesServer start(FakeWesServer.Builder b) {
    server = b.build().start();
    return server;
  }

  private WesClient client(FakeWesServer s) {
    return WesClient.builder()
        .baseUrl(s.baseUrl())
        .tokenSource(AccessTokenSource.of("test-token"))
        .waiterConfig(FAST)
        .build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path workflowDir() throws IOException {
    Path wf = Files.createDirectories(dir.resolve("tutorial"));
    Files.writeString(wf.resolve("Snakefile"), "rule all:\n  input: 'plots/quals.svg'\n");
    Files.createDirectories(wf.resolve("data/samples"));
    Files.write(wf.resolve("data/genome.fa"), new byte[100_000]);
    Files.writeString(wf.resolve("data/samples/A.fastq"), "@r1\nACGT\n+\n!!!!\n");
    Files.writeString(wf.resolve("config.yaml"), "samples: [A]\n");
    return wf;
  }

  @ParameterizedTest
  @EnumSource(WesFlavor.class)
  void detectsVersionAndDialect(WesFlavor flavor) {
    WesClient wes = client(start(FakeWesServer.builder().flavor(flavor)));
    WesServerProfile p = wes.serverProfile();
    assertThat(p.apiVersion()).isEqualTo(flavor == WesFlavor.WES_1_1 ? WesApiVersion.V1_1 : WesApiVersion.V1_0);
    assertThat(p.dialect()).isEqualTo(flavor == WesFlavor.WESKIT ? WesDialect.WESKIT : WesDialect.STANDARD);
    ServiceInfo info = wes.serviceInfo();
    if (flavor == WesFlavor.WESKIT) {
      assertThat(info.workflowEngineVersions()).containsEntry("SMK", List.of("7.30.2", "7.21.0"));
      assertThat(info.id()).isNull();
    } else {
      assertThat(info.workflowEngineVersions()).containsEntry("cwltool", List.of("3.1"));
      assertThat(info.defaultWorkflowEngineParameters()).extracting(DefaultWorkflowEngineParameter::name).contains("cores");
    }
  }

  @Test
  void submitsWithAttachmentsAndWaitsThroughEveryState() throws Exception {
    WesClient wes = client(start(FakeWesServer.builder().flavor(WesFlavor.WES_1_1)));
    Path wf = workflowDir();
    String id =
        wes.runWorkflow(
            r -> r.workflowType("SMK").workflowTypeVersion("7.21.0").workflowUrl("Snakefile")
                .workflowEngine("snakemake").workflowEngineVersion("7.21.0")
                .attachDirectory(wf)
                .workflowParam("samples", List.of("A"))
                .tag("project", "p1")
                .engineParameter("cores", "2"));
    FakeRun run = server.run(id).orElseThrow();
    assertThat(run.attachments())
        .extracting(FakeRun.ReceivedAttachment::name)
        .containsExactly("Snakefile", "config.yaml", "data/genome.fa", "data/samples/A.fastq");
    FakeRun.ReceivedAttachment genome = run.attachments().get(2);
    assertThat(genome.size()).isEqualTo(100_000);
    assertThat(genome.sha256()).isEqualTo(sha256(wf.resolve("data/genome.fa")));
    assertThat(run.form())
        .containsEntry("workflow_params", "{\"samples\":[\"A\"]}")
        .containsEntry("tags", "{\"project\":\"p1\"}")
        .containsEntry("workflow_engine_parameters", "{\"cores\":\"2\"}")
        .containsEntry("workflow_engine", "snakemake")
        .containsEntry("workflow_url", "Snakefile");

    List<RunState> seen = new CopyOnWriteArrayList<>();
    RunStatus done = wes.waitFor(id, Duration.ofSeconds(20), s -> seen.add(s.state()));
    assertThat(done.state()).isEqualTo(RunState.COMPLETE);
    assertThat(seen).containsSubsequence(RunState.INITIALIZING, RunState.RUNNING, RunState.COMPLETE);

    RunLog log = wes.getRunLog(id);
    assertThat(log.state()).isEqualTo(RunState.COMPLETE);
    assertThat(log.request().workflowParams().get("samples").get(0).asText()).isEqualTo("A");
    assertThat(log.request().tags()).containsEntry("project", "p1");
    assertThat(log.runLog().exitCode()).isZero();
    assertThat(log.taskLogs()).hasSize(3);
    assertThat(log.taskLogsUrl()).endsWith("/runs/" + id + "/tasks");
    assertThat(log.outputs().get("result").asText()).contains(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED", "PREEMPTED", "COMPLETE"})
  void everyTerminalStateEndsTheWait(String terminal) {
    WesClient wes = client(start(FakeWesServer.builder().script("QUEUED", "RUNNING", "PAUSED", "RUNNING", terminal)));
    String id = wes.runWorkflow(minimal());
    RunStatus s = wes.waitFor(id, Duration.ofSeconds(20));
    assertThat(s.state().name()).isEqualTo(terminal);
    assertThat(s.state().isTerminal()).isTrue();
    assertThat(s.state().isFailure()).isEqualTo(!terminal.equals("COMPLETE"));
  }

  @Test
  void cancelPassesThroughCancelingWhichIsNotTerminal() {
    WesClient wes = client(start(FakeWesServer.builder().script("QUEUED", "RUNNING").pollsPerState(2)));
    String id = wes.runWorkflow(minimal());
    assertThat(wes.cancelRun(id)).isEqualTo(id);
    List<RunState> seen = new ArrayList<>();
    RunStatus s = wes.waitFor(id, Duration.ofSeconds(20), st -> seen.add(st.state()));
    assertThat(seen.get(0)).isEqualTo(RunState.CANCELING);
    assertThat(RunState.CANCELING.isTerminal()).isFalse();
    assertThat(s.state()).isEqualTo(RunState.CANCELED);
  }

  @Test
  void waitTimesOutWithTheLastState() {
    WesClient wes = client(start(FakeWesServer.builder().script("QUEUED", "RUNNING")));
    String id = wes.runWorkflow(minimal());
    assertThatThrownBy(() -> wes.waitFor(id, Duration.ofMillis(200)))
        .isInstanceOf(de.denbi.spe.core.WaitTimeoutException.class)
        .hasMessageContaining("RUNNING");
  }

  @Test
  void manyRunsAreAwaitedAsynchronously() {
    WesClient wes = client(start(FakeWesServer.builder().pollsPerState(2)));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add(wes.runWorkflow(minimal()));
    }
    Map<String, RunStatus> done = wes.waitForAllAsync(ids, Duration.ofSeconds(30)).join();
    assertThat(done.keySet()).containsExactlyElementsOf(ids);
    assertThat(done.values()).allMatch(s -> s.state() == RunState.COMPLETE);
  }

  @Test
  void theTokenIsRefreshedDuringALongWait() {
    start(FakeWesServer.builder().token("token-1").pollsPerState(3));
    AtomicInteger generation = new AtomicInteger(1);
    AtomicInteger invalidations = new AtomicInteger();
    AccessTokenSource rotating =
        new AccessTokenSource() {
          @Override
          public AccessToken token() {
            return AccessToken.of("token-" + generation.get());
          }

          @Override
          public void invalidate(AccessToken rejected) {
            invalidations.incrementAndGet();
            generation.incrementAndGet();
          }
        };
    WesClient wes = WesClient.builder().baseUrl(server.baseUrl()).tokenSource(rotating).waiterConfig(FAST).build();
    String id = wes.runWorkflow(minimal());
    // the token expires in the middle of the wait: the server accepts only the next one from now on
    RunStatus first = wes.getRunStatus(id);
    server.acceptToken("token-2");
    server.revokeToken("token-1");
    RunStatus done = wes.waitFor(id, Duration.ofSeconds(20));
    assertThat(first.state()).isNotEqualTo(RunState.COMPLETE);
    assertThat(done.state()).isEqualTo(RunState.COMPLETE);
    assertThat(invalidations).hasValue(1);
  }

  @Test
  void withoutAValidTokenItIs401() {
    start(FakeWesServer.builder());
    WesClient wes = WesClient.builder().baseUrl(server.baseUrl()).tokenSource(AccessTokenSource.of("wrong")).build();
    assertThatThrownBy(wes::serviceInfo).isInstanceOf(UnauthorizedException.class).hasMessageContaining("Authorization header");
  }

  @Test
  void pagingHonouredIgnoredRepeatedAndEndless() {
    start(FakeWesServer.builder().syntheticRuns(95).defaultPageSize(10));
    WesClient wes = client(server);
    assertThat(wes.listRuns().stream().count()).isEqualTo(95);
    assertThat(server.count("GET", "/ga4gh/wes/v1/runs")).isEqualTo(10);
    WesClient paged = wes.newBuilder().pageSize(40).build();
    assertThat(paged.listRuns().stream().map(RunSummary::runId).distinct().count()).isEqualTo(95);

    server.paging(Paging.IGNORE);
    assertThat(wes.listRuns().stream().count()).isEqualTo(95);

    server.paging(Paging.REPEAT_FIRST_PAGE);
    assertThat(wes.listRuns().stream().count()).isEqualTo(10);

    server.paging(Paging.ENDLESS);
    WesClient limited = wes.newBuilder().maxPages(30).build();
    assertThatThrownBy(() -> limited.listRuns().stream().count())
        .isInstanceOf(PagingException.class)
        .hasMessageContaining("30 pages");
    assertThat(wes.listRuns().stream().limit(25).count()).isEqualTo(25);
  }

  @Test
  void listedRunsCarrySummariesOn11() {
    WesClient wes = client(start(FakeWesServer.builder()));
    String id = wes.runWorkflow(b -> b.apply(minimalConfig()).tag("k", "v"));
    RunSummary s = wes.listRuns().stream().filter(r -> r.runId().equals(id)).findFirst().orElseThrow();
    assertThat(s.tags()).containsEntry("k", "v");
    assertThat(s.start()).isPresent();
    assertThat(s.status().runId()).isEqualTo(id);
  }

  @Test
  void tasksOn11AreListedAndFetched() {
    WesClient wes = client(start(FakeWesServer.builder().tasksPerRun(25).defaultPageSize(10)));
    String id = wes.runWorkflow(minimal());
    wes.waitFor(id, Duration.ofSeconds(20));
    List<TaskLog> tasks = wes.listTasks(id).stream().toList();
    assertThat(tasks).hasSize(25);
    assertThat(tasks.get(24).id()).isEqualTo("task-25");
    assertThat(wes.getTask(id, "task-7").name()).isEqualTo("step_7");
    assertThatThrownBy(() -> wes.getTask(id, "task-99")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void tasksOn10ComeFromTheRunLog() {
    WesClient wes = client(start(FakeWesServer.builder().flavor(WesFlavor.WES_1_0).tasksPerRun(4)));
    String id = wes.runWorkflow(minimal());
    wes.waitFor(id, Duration.ofSeconds(20));
    assertThat(wes.listTasks(id).stream().map(TaskLog::name).collect(Collectors.toList()))
        .containsExactly("step_1", "step_2", "step_3", "step_4");
    assertThatThrownBy(() -> wes.getTask(id, "x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("WES 1.0.0");
    assertThatThrownBy(() -> wes.runWorkflow(minimalBuilder().workflowEngine("cwltool").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no workflow_engine");
  }

  @Test
  void unknownRunsAre404() {
    WesClient wes = client(start(FakeWesServer.builder()));
    assertThatThrownBy(() -> wes.getRunStatus("nope")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> wes.getRunStatus(" ")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void typesAndVersionsAreCheckedAgainstServiceInfo() {
    WesClient wes = client(start(FakeWesServer.builder()));
    assertThatThrownBy(() -> wes.runWorkflow(minimalBuilder().workflowType("NFL").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("offers");
    assertThatThrownBy(() -> wes.runWorkflow(minimalBuilder().workflowTypeVersion("v9").build()))
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("workflow_type_version");
    assertThat(server.count("POST", "/ga4gh/wes/v1/runs")).isZero();
  }

  @Test
  void submissionsAndCancelsAreAudited() {
    start(FakeWesServer.builder());
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    WesClient wes =
        WesClient.builder().baseUrl(server.baseUrl()).tokenSource(AccessTokenSource.of("test-token"))
            .audit(events::add, "alice-sub").build();
    String id = wes.runWorkflow(minimal());
    wes.cancelRun(id);
    server.failNext("POST", ".*/runs", 403, "not in your project", 1);
    assertThatThrownBy(() -> wes.runWorkflow(minimal())).isInstanceOf(de.denbi.spe.core.ForbiddenException.class);
    assertThat(events).extracting(AuditEvent::action).containsExactly("run.submit", "run.cancel", "run.submit");
    assertThat(events.get(0).resource()).isEqualTo(id);
    assertThat(events.get(0).actor()).isEqualTo("alice-sub");
    assertThat(events.get(0).details()).containsEntry("workflow_url", "main.cwl");
    assertThat(events.get(2).outcome()).isEqualTo(AuditOutcome.DENIED);
    assertThat(events.get(2).details()).containsEntry("status", "403");
  }

  // ------------------------------------------------------------------------------- WESkit

  @Test
  void weskitRunWithStdoutAfterCompletion() throws Exception {
    WesClient wes = client(start(FakeWesServer.builder().flavor(WesFlavor.WESKIT).pollsPerState(2)));
    Path wf = workflowDir();
    String id =
        wes.runWorkflow(
            r -> r.workflowType("SMK").workflowTypeVersion("7.30.2").workflowUrl("file:Snakefile")
                .attachDirectory(wf).engineParameter("cores", "1"));
    assertThat(id).matches("[0-9a-f-]{36}");
    FakeRun run = server.run(id).orElseThrow();
    assertThat(run.form()).containsEntry("workflow_params", "{}").doesNotContainKey("workflow_engine");
    assertThatThrownBy(() -> wes.runStdout(id))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not in COMPLETED state");
    wes.waitFor(id, Duration.ofSeconds(20));
    assertThat(wes.runStdout(id)).hasValueSatisfying(s -> assertThat(s).contains("stdout of run " + id));
    assertThat(wes.runStderr(id)).hasValueSatisfying(s -> assertThat(s).contains("stderr"));
  }

  @Test
  void weskitClientErrorsSentAs500AreMapped() {
    WesClient wes = client(start(FakeWesServer.builder().flavor(WesFlavor.WESKIT)));
    assertThatThrownBy(() -> wes.getRunStatus("not-a-uuid"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Syntactically invalid run ID")
        .hasMessageContaining("UUIDs")
        .hasMessageContaining("HTTP 500");
    assertThatThrownBy(() -> wes.getRunLog("00000000-0000-0000-0000-000000000000"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void weskitRulesAreCheckedBeforeSending() {
    WesClient wes = client(start(FakeWesServer.builder().flavor(WesFlavor.WESKIT)));
    assertThatThrownBy(() -> wes.runWorkflow(smk().workflowType("snakemake").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("use 'SMK'");
    assertThatThrownBy(() -> wes.runWorkflow(smk().workflowUrl("https://github.com/x/Snakefile").build()))
        .hasMessageContaining("trs://");
    assertThatThrownBy(() -> wes.runWorkflow(smk().workflowUrl("file:/abs/Snakefile").build()))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> wes.runWorkflow(smk().workflowUrl("file:../Snakefile").build()))
        .hasMessageContaining("leaves the run's directory");
    assertThatThrownBy(() -> wes.runWorkflow(smk().workflowUrl("file:a;rm -rf").build()))
        .hasMessageContaining("characters");
    assertThatThrownBy(() -> wes.runWorkflow(smk().engineParameter("max_memory", "4G").build()))
        .hasMessageContaining("WESkit names it 'max-memory'");
    assertThatThrownBy(() -> wes.runWorkflow(smk().workflowEngine("snakemake").workflowEngineVersion("8.0").build()))
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("workflow_engine_version");
    assertThat(server.count("POST", "/ga4gh/wes/v1/runs")).isZero();
    assertThat(wes.runWorkflow(smk().workflowUrl("trs://trs.example.org/tool/1").build())).isNotBlank();
  }

  @Test
  void weskitListsEverythingAtOnce() {
    WesClient wes = client(start(FakeWesServer.builder().flavor(WesFlavor.WESKIT).syntheticRuns(250)));
    assertThat(wes.listRuns().stream().count()).isEqualTo(250);
    assertThat(server.count("GET", "/ga4gh/wes/v1/runs")).isEqualTo(1);
  }

  @Test
  void dialectCanBeForced() {
    start(FakeWesServer.builder().flavor(WesFlavor.WESKIT));
    WesClient wes =
        WesClient.builder().baseUrl(server.baseUrl()).tokenSource(AccessTokenSource.of("test-token"))
            .dialect(WesDialect.WESKIT).apiVersion(WesApiVersion.V1_0).build();
    assertThat(wes.serverProfile()).isEqualTo(new WesServerProfile(WesApiVersion.V1_0, WesDialect.WESKIT));
    assertThat(server.count("GET", "/ga4gh/wes/v1/service-info")).isZero();
  }

  // ------------------------------------------------------------------------------- helpers

  private static RunRequest.Builder smk() {
    return RunRequest.builder().workflowType("SMK").workflowTypeVersion("7.30.2").workflowUrl("file:Snakefile");
  }

  private static java.util.function.Consumer<RunRequest.Builder> minimalConfig() {
    return b -> b.workflowType("CWL").workflowTypeVersion("v1.0").workflowUrl("main.cwl");
  }

  private static RunRequest.Builder minimalBuilder() {
    return RunRequest.builder().apply(minimalConfig());
  }

  private static RunRequest minimal() {
    return minimalBuilder().build();
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}

package de.denbi.spe.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.WaitTimeoutException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.tes.FakeTesServer;
import de.denbi.spe.testkit.tes.RecordedExchange;
import de.denbi.spe.testkit.tes.TaskRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TesClientTest {
  private static final WaiterConfig FAST =
      new WaiterConfig(Duration.ofMillis(5), Duration.ofMillis(20), 1.5, Duration.ofSeconds(20), 3);

  private final List<FakeTesServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(FakeTesServer::close);
  }

  private FakeTesServer start(FakeTesServer.Builder b) {
    FakeTesServer s = b.build().start();
    servers.add(s);
    return s;
  }

  private static TesClient client(FakeTesServer s) {
    return TesClient.builder().baseUrl(s.rootUrl()).build();
  }

  private static TesTask hello(String name) {
    return TesTask.builder()
        .name(name)
        .executor(e -> e.image("alpine:3.20").command("echo", "hello"))
        .build();
  }

  @Test
  void credentialsInTheBaseUrlAreRefused() {
    assertThatThrownBy(() -> TesClient.builder().baseUrl("https://funnel:s3cret@tes.example.org/").build())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("must not contain credentials")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void discoversTheBasePathAndVersionAndReadsServiceInfo() {
    FakeTesServer s = start(FakeTesServer.builder());
    TesClient c = client(s);
    assertThat(c.baseUrl()).isEqualTo(s.url() + "/");
    assertThat(c.apiVersion()).isEqualTo(TesApiVersion.V1_1);
    TesServiceInfo info = c.serviceInfo();
    assertThat(info.type().artifact()).isEqualTo("tes");
    assertThat(info.backendParameters()).containsExactly("VmSize");
    assertThat(info.organization().name()).isEqualTo("SPE SDK testkit");
  }

  @Test
  void discoversFunnelsV1PathAndTheRootAndUsesAGivenBaseAsIs() {
    FakeTesServer funnel = start(FakeTesServer.builder().dialect(FakeTesServer.Dialect.FUNNEL));
    assertThat(client(funnel).baseUrl()).endsWith("/v1/");
    FakeTesServer root = start(FakeTesServer.builder().basePath(""));
    assertThat(client(root).baseUrl()).isEqualTo(root.rootUrl() + "/");
    FakeTesServer std = start(FakeTesServer.builder());
    TesClient exact = TesClient.builder().baseUrl(std.url()).build();
    assertThat(exact.baseUrl()).isEqualTo(std.url() + "/");
    // only one service-info request: the given base is tried first and alone
    assertThat(std.exchanges()).extracting(RecordedExchange::path).containsExactly("/ga4gh/tes/v1/service-info");
  }

  @Test
  void teskWithoutVersionIsUnknownAndStillWorks() {
    FakeTesServer s = start(FakeTesServer.builder().dialect(FakeTesServer.Dialect.TESK));
    TesClient c = client(s);
    assertThat(c.apiVersion()).isEqualTo(TesApiVersion.UNKNOWN);
    assertThat(c.serviceInfo().doc()).contains("Kubernetes");
    String id = c.createTask(hello("t"));
    assertThat(c.waitFor(id, WaitOptions.defaults().withConfig(FAST)).state()).isEqualTo(TesState.COMPLETE);
  }

  @Test
  void aUrlWithoutAnyTesApiIsAConfigError() {
    FakeTesServer s = start(FakeTesServer.builder().basePath("/elsewhere"));
    TesClient c = client(s);
    assertThatThrownBy(c::baseUrl)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("no TES API found");
  }

  @Test
  void createsGetsInEveryViewAndRunsToComplete() {
    FakeTesServer s = start(FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    TesTask task =
        TesTask.builder()
            .name("md5")
            .description("checksum")
            .input(TesInput.ofContent("hello", "/data/in.txt"))
            .input(TesInput.fromUrl("s3://bucket/ref.fa", "/data/ref.fa").withStreamable(true))
            .output(TesOutput.of("/data/out.txt", "s3://bucket/out.txt"))
            .executor(e -> e.image("alpine:3.20").command("md5sum", "/data/in.txt").workdir("/data")
                .stdout("/data/out.txt").env("A", "1"))
            .resources(r -> r.cpuCores(2).ramGb(1.5).diskGb(10).preemptible(true).zone("de-bi")
                .backendParameter("VmSize", "small"))
            .volume("/vol/a")
            .tag("project", "p1")
            .build();
    String id = c.createTask(task);
    assertThat(id).startsWith("task-");

    TesTask minimal = c.getTask(id, TesView.MINIMAL);
    assertThat(minimal.id()).isEqualTo(id);
    assertThat(minimal.state()).isEqualTo(TesState.QUEUED);
    assertThat(minimal.executors()).isEmpty();
    assertThat(minimal.name()).isNull();

    s.finish(id);
    TesTask basic = c.getTask(id);
    assertThat(basic.state()).isEqualTo(TesState.COMPLETE);
    assertThat(basic.name()).isEqualTo("md5");
    assertThat(basic.tags()).containsEntry("project", "p1");
    assertThat(basic.resources().cpuCores()).isEqualTo(2);
    assertThat(basic.resources().ramGb()).isEqualTo(1.5);
    assertThat(basic.resources().zones()).containsExactly("de-bi");
    assertThat(basic.resources().backendParameters()).containsEntry("VmSize", "small");
    assertThat(basic.volumes()).containsExactly("/vol/a");
    assertThat(basic.inputs().get(0).content()).as("BASIC hides input content").isNull();
    assertThat(basic.inputs().get(1).streamable()).isTrue();
    assertThat(basic.executors().get(0).env()).containsEntry("A", "1");
    assertThat(basic.lastLog()).isPresent();
    assertThat(basic.lastLog().get().logs().get(0).stdout()).as("BASIC hides stdout").isNull();
    assertThat(basic.lastLog().get().logs().get(0).exitCode()).isZero();
    assertThat(basic.creationTime()).isNotBlank();

    TesTask full = c.getTask(id, TesView.FULL);
    assertThat(full.inputs().get(0).content()).isEqualTo("hello");
    assertThat(full.lastLog().get().logs().get(0).stdout()).contains("md5sum /data/in.txt");
    assertThat(full.lastLog().get().systemLogs()).isNotNull();
  }

  @Test
  void unknownTaskIsNotFound() {
    FakeTesServer s = start(FakeTesServer.builder());
    TesClient c = client(s);
    assertThatThrownBy(() -> c.getTask("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("task nope not found");
    assertThatThrownBy(() -> c.cancelTask("nope")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void everyTerminalStateEndsAWait() {
    FakeTesServer s = start(FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    for (TesState st : List.of(TesState.COMPLETE, TesState.EXECUTOR_ERROR, TesState.SYSTEM_ERROR, TesState.CANCELED, TesState.PREEMPTED)) {
      String id = c.createTask(hello("x"));
      s.setState(id, st.name());
      assertThat(c.waitFor(id, WaitOptions.defaults().withConfig(FAST).withFinalView(TesView.MINIMAL)).state()).isEqualTo(st);
      assertThat(st.isTerminal()).isTrue();
    }
    for (TesState st : List.of(TesState.QUEUED, TesState.INITIALIZING, TesState.RUNNING, TesState.PAUSED, TesState.CANCELING, TesState.UNKNOWN)) {
      assertThat(st.isTerminal()).as(st.name()).isFalse();
    }
  }

  @Test
  void waitTimesOutWhileNotTerminalNamingTheLastState() {
    FakeTesServer s = start(FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    String id = c.createTask(hello("x"));
    s.advance(id);
    s.advance(id);
    assertThatThrownBy(() -> c.waitFor(id, WaitOptions.defaults().withConfig(FAST.withTimeout(Duration.ofMillis(150)))))
        .isInstanceOf(WaitTimeoutException.class)
        .hasMessageContaining("RUNNING");
  }

  @Test
  void executorErrorAndIgnoreError() {
    FakeTesServer s = start(FakeTesServer.builder().runner(TaskRunner.exitCodes(3, 0)));
    TesClient c = client(s);
    WaitOptions w = WaitOptions.defaults().withConfig(FAST);
    String failing = c.createTask(t -> t.executor(TesExecutor.of("a", "false")).executor(TesExecutor.of("a", "true")));
    TesTask f = c.waitFor(failing, w);
    assertThat(f.state()).isEqualTo(TesState.EXECUTOR_ERROR);
    assertThat(f.lastLog().get().logs()).hasSize(1).first().extracting(TesExecutorLog::exitCode).isEqualTo(3);
    String ignoring = c.createTask(t -> t.executor(e -> e.image("a").command("false").ignoreError(true)).executor(TesExecutor.of("a", "true")));
    TesTask g = c.waitFor(ignoring, w);
    assertThat(g.state()).isEqualTo(TesState.COMPLETE);
    assertThat(g.lastLog().get().logs()).extracting(TesExecutorLog::exitCode).containsExactly(3, 0);
  }

  @Test
  void progressCallbackSeesEveryPolledState() {
    FakeTesServer s = start(FakeTesServer.builder());
    TesClient c = client(s);
    String id = c.createTask(hello("p"));
    List<TesState> seen = new CopyOnWriteArrayList<>();
    TesTask done = c.waitFor(id, WaitOptions.defaults().withConfig(FAST).withProgress(t -> seen.add(t.state())));
    assertThat(done.state()).isEqualTo(TesState.COMPLETE);
    assertThat(seen).containsExactly(TesState.INITIALIZING, TesState.RUNNING, TesState.COMPLETE);
  }

  @Test
  void cancelIsIdempotentAndGoesThroughCanceling() {
    FakeTesServer s = start(FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    String id = c.createTask(hello("c"));
    c.cancelTask(id);
    assertThat(c.getState(id)).isEqualTo(TesState.CANCELING);
    assertThat(TesState.CANCELING.isTerminal()).isFalse();
    assertThat(TesState.EXECUTOR_ERROR.isFailure()).isTrue();
    assertThat(TesState.COMPLETE.isFailure()).isFalse();
    assertThat(TesState.COMPLETE.isSuccess()).isTrue();
    assertThat(TesState.RUNNING.isFailure()).isFalse();
    c.cancelTask(id);
    s.advance(id);
    assertThat(c.getState(id)).isEqualTo(TesState.CANCELED);
    c.cancelTask(id);
    assertThat(c.getState(id)).isEqualTo(TesState.CANCELED);
    RecordedExchange cancel = s.exchanges().stream().filter(e -> e.path().endsWith(":cancel")).findFirst().orElseThrow();
    assertThat(cancel.method()).isEqualTo("POST");
    assertThat(cancel.path()).isEqualTo("/ga4gh/tes/v1/tasks/" + id + ":cancel");
  }

  @Test
  void cancelIsRetriedOn503ButCreateIsNot() {
    FakeTesServer s = start(FakeTesServer.builder());
    TesClient c = TesClient.builder().baseUrl(s.url())
        .http(h -> h.retryPolicy(RetryPolicy.defaults().withMaxAttempts(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(5))))
        .build();
    String id = c.createTask(hello("r"));
    s.failNext(2, 503, "POST", "/tasks/.*:cancel");
    c.cancelTask(id);
    assertThat(s.exchanges().stream().filter(e -> e.path().endsWith(":cancel")).count()).isEqualTo(3);

    s.failNext(1, 503, "POST", "/tasks");
    int before = s.taskIds().size();
    assertThatThrownBy(() -> c.createTask(hello("once"))).isInstanceOf(ServerErrorException.class);
    assertThat(s.exchanges().stream().filter(e -> e.method().equals("POST") && e.path().endsWith("/tasks")).count())
        .as("the failed POST /tasks was sent once").isEqualTo(2);
    assertThat(s.taskIds()).hasSize(before);

    s.failNext(2, 502, "GET", "/tasks/.*");
    assertThat(c.getTask(id, TesView.MINIMAL).id()).isEqualTo(id);
  }

  @Test
  void listsWithFiltersAndPagingLazily() {
    FakeTesServer s = start(FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      int n = i;
      ids.add(c.createTask(t -> t.name((n % 2 == 0 ? "even-" : "odd-") + n)
          .tag("group", n % 3 == 0 ? "three" : "other").tag("any", "")
          .executor(TesExecutor.of("a", "true"))));
    }
    s.finish(ids.get(0));
    s.finish(ids.get(2));

    assertThat(c.listTasks(TaskQuery.builder().pageSize(4).build()).stream().count()).isEqualTo(25);
    assertThat(c.listTasks(TaskQuery.builder().namePrefix("even-").pageSize(3).build()).stream().count()).isEqualTo(13);
    assertThat(c.listTasks(TaskQuery.builder().state(TesState.COMPLETE).build()).stream().map(TesTask::id))
        .containsExactlyInAnyOrder(ids.get(0), ids.get(2));
    assertThat(c.listTasks(TaskQuery.builder().tag("group", "three").view(TesView.BASIC).build()).stream().count()).isEqualTo(9);
    assertThat(c.listTasks(TaskQuery.builder().tag("group", "").build()).stream().count()).as("empty value = any").isEqualTo(25);
    assertThat(c.listTasks(TaskQuery.builder().tag("group", "three").tag("any", "").build()).stream().count()).isEqualTo(9);
    assertThat(c.listTasks(TaskQuery.builder().tag("missing", "").build()).stream().count()).isZero();

    // lazy: limit(5) with pages of 4 fetches two pages
    s.clearExchanges();
    assertThat(c.listTasks(TaskQuery.builder().pageSize(4).build()).stream().limit(5).count()).isEqualTo(5);
    assertThat(s.exchanges()).hasSize(2);
    List<String> queries = s.exchanges().stream().map(RecordedExchange::query).toList();
    assertThat(queries.get(0)).contains("view=MINIMAL").contains("page_size=4").doesNotContain("page_token");
    assertThat(queries.get(1)).contains("page_token=");

    String tagQuery = exchangeQuery(s, () -> c.listTasks(TaskQuery.builder().tag("k1", "v1").tag("k2", "").build()).stream().count());
    assertThat(tagQuery).contains("tag_key=k1&tag_value=v1&tag_key=k2&tag_value=");
  }

  private static String exchangeQuery(FakeTesServer s, Runnable r) {
    s.clearExchanges();
    r.run();
    return s.exchanges().get(0).query();
  }

  @Test
  void aServerThatIgnoresPagingIsListedOnce() {
    FakeTesServer s = start(FakeTesServer.builder().ignorePaging(true));
    TesClient c = client(s);
    for (int i = 0; i < 7; i++) {
      c.createTask(hello("n" + i));
    }
    assertThat(c.listTasks(TaskQuery.builder().pageSize(2).build()).stream().count()).isEqualTo(7);
  }

  @Test
  void funnelEmptyListAndOmittedZeroExitCodes() {
    FakeTesServer s = start(FakeTesServer.builder().dialect(FakeTesServer.Dialect.FUNNEL));
    TesClient c = client(s);
    assertThat(c.listTasks().stream().count()).isZero();
    assertThat(s.exchanges().get(s.exchanges().size() - 1).responseBody()).isEqualTo("{}");
    String id = c.createTask(hello("f"));
    TesTask done = c.waitFor(id, WaitOptions.defaults().withConfig(FAST));
    assertThat(done.lastLog().get().logs().get(0).exitCode()).as("Funnel omits 0").isNull();
    assertThatThrownBy(() -> c.getTask("missing")).isInstanceOf(NotFoundException.class).hasMessageContaining("not found");
  }

  @Test
  void tes10ServerFiltersClientSideAndRefusesOnly11Fields() {
    FakeTesServer s = start(FakeTesServer.builder().apiVersion("1.0.0").progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    assertThat(c.apiVersion()).isEqualTo(TesApiVersion.V1_0);
    String a = c.createTask(t -> t.name("a").tag("k", "v").executor(TesExecutor.of("i", "x")));
    c.createTask(t -> t.name("b").tag("k", "w").executor(TesExecutor.of("i", "x")));
    s.finish(a);

    s.clearExchanges();
    assertThat(c.listTasks(TaskQuery.builder().state(TesState.COMPLETE).build()).stream().map(TesTask::id)).containsExactly(a);
    assertThat(s.exchanges().get(0).query()).doesNotContain("state=");
    s.clearExchanges();
    List<TesTask> tagged = c.listTasks(TaskQuery.builder().tag("k", "v").build()).stream().toList();
    assertThat(tagged).extracting(TesTask::id).containsExactly(a);
    assertThat(s.exchanges().get(0).query()).contains("view=BASIC").doesNotContain("tag_key");

    assertThatThrownBy(() -> c.createTask(t -> t.executor(e -> e.image("i").command("x").ignoreError(true))))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("executors[0].ignore_error"));
    assertThatThrownBy(() -> c.createTask(t -> t.executor(TesExecutor.of("i", "x")).resources(r -> r.backendParameter("VmSize", "x"))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("TES 1.0");
    assertThatThrownBy(() -> c.createTask(t -> t.executor(TesExecutor.of("i", "x")).output(TesOutput.wildcard("/o/*.txt", "/o/", "s3://b/o/"))))
        .isInstanceOf(InvalidRequestException.class);
    // streamable is a hint: dropped, not refused
    s.clearExchanges();
    c.createTask(t -> t.executor(TesExecutor.of("i", "x")).input(TesInput.fromUrl("s3://b/k", "/in").withStreamable(true)));
    assertThat(s.exchanges().get(0).requestBody()).doesNotContain("streamable").contains("\"type\":\"FILE\"");
  }

  @Test
  void strictBackendParametersFailTheTask() {
    FakeTesServer s = start(FakeTesServer.builder());
    TesClient c = client(s);
    String id = c.createTask(t -> t.executor(TesExecutor.of("i", "x")).resources(r -> r.backendParameter("gpu", "a100").backendParametersStrict(true)));
    TesTask done = c.waitFor(id, WaitOptions.defaults().withConfig(FAST).withFinalView(TesView.FULL));
    assertThat(done.state()).isEqualTo(TesState.SYSTEM_ERROR);
    assertThat(done.lastLog().get().systemLogs()).anyMatch(l -> l.contains("gpu"));
    String lax = c.createTask(t -> t.executor(TesExecutor.of("i", "x")).resources(r -> r.backendParameter("gpu", "a100")));
    assertThat(c.waitFor(lax, WaitOptions.defaults().withConfig(FAST)).state()).isEqualTo(TesState.COMPLETE);
    assertThat(c.getTask(lax).resources().backendParameters()).isEmpty();
  }

  @Test
  void bearerTokenIsRefreshedOnceOn401AndDuringLongWaits() {
    FakeTesServer s = start(FakeTesServer.builder().bearerToken("t1"));
    AtomicInteger invalidations = new AtomicInteger();
    List<String> handedOut = Collections.synchronizedList(new ArrayList<>());
    AccessTokenSource tokens = new AccessTokenSource() {
      volatile String current = "t1";

      @Override
      public AccessToken token() {
        handedOut.add(current);
        return AccessToken.of(current);
      }

      @Override
      public void invalidate(AccessToken rejected) {
        invalidations.incrementAndGet();
        current = "t2";
      }
    };
    TesClient c = TesClient.builder().baseUrl(s.rootUrl()).tokenSource(tokens).build();
    String id = c.createTask(hello("auth"));
    s.acceptOnlyTokens("t2"); // the token "expires" during the wait
    assertThat(c.waitFor(id, WaitOptions.defaults().withConfig(FAST)).state()).isEqualTo(TesState.COMPLETE);
    assertThat(invalidations).hasValue(1);
    assertThat(handedOut).contains("t1", "t2");

    s.acceptOnlyTokens("t3");
    assertThatThrownBy(() -> c.getTask(id)).isInstanceOf(UnauthorizedException.class).hasMessageNotContaining("t2");
  }

  @Test
  void basicAuthForFunnel() {
    FakeTesServer s = start(FakeTesServer.builder().dialect(FakeTesServer.Dialect.FUNNEL).basicAuth("funnel", "s3cret"));
    TesClient ok = TesClient.builder().baseUrl(s.rootUrl()).basicAuth("funnel", "s3cret").build();
    assertThat(ok.createTask(hello("b"))).isNotBlank();
    TesClient bad = TesClient.builder().baseUrl(s.rootUrl()).basicAuth("funnel", "wrong").build();
    assertThatThrownBy(bad::baseUrl).isInstanceOf(UnauthorizedException.class);
    assertThat(bad.toString()).doesNotContain("wrong").doesNotContain("s3cret");
  }

  @Test
  void manyTasksAwaitedAtOnce() {
    FakeTesServer s = start(FakeTesServer.builder().recordExchanges(0));
    TesClient c = client(s);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(c.createTask(hello("m" + i)));
    }
    CompletableFuture<Map<String, TesTask>> all = c.waitForAllAsync(ids, WaitOptions.defaults().withConfig(FAST));
    Map<String, TesTask> done = all.join();
    assertThat(done.keySet()).containsExactlyElementsOf(ids);
    assertThat(done.values().stream().map(TesTask::state).collect(Collectors.toSet())).containsExactly(TesState.COMPLETE);
  }

  @Test
  void asyncWaitCanBeCancelled() throws Exception {
    FakeTesServer s = start(FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL));
    TesClient c = client(s);
    String id = c.createTask(hello("x"));
    CompletableFuture<TesTask> f = c.waitForAsync(id, WaitOptions.defaults().withConfig(FAST));
    Thread.sleep(50);
    f.cancel(true);
    long before = s.requestCount();
    Thread.sleep(150);
    assertThat(s.requestCount() - before).as("polling stopped").isLessThanOrEqualTo(1);
  }

  @Test
  void auditsCreateAndCancelWithOutcome() {
    FakeTesServer s = start(FakeTesServer.builder());
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    TesClient c = TesClient.builder().baseUrl(s.rootUrl()).auditSink(events::add).actor("sub-123").name("site-a").build();
    String id = c.createTask(hello("audited"));
    c.cancelTask(id);
    s.failNext(1, 403, "POST", "/tasks");
    assertThatThrownBy(() -> c.createTask(hello("denied")));
    assertThat(events).extracting(AuditEvent::action).containsExactly("tes.task.create", "tes.task.cancel", "tes.task.create");
    assertThat(events).extracting(AuditEvent::outcome).containsExactly(AuditOutcome.SUCCESS, AuditOutcome.SUCCESS, AuditOutcome.DENIED);
    assertThat(events.get(0).resource()).endsWith("/tasks/" + id);
    assertThat(events.get(0).actor()).isEqualTo("sub-123");
    assertThat(events.get(0).details()).containsEntry("endpoint", "site-a").containsEntry("name", "audited");
  }

  @Test
  void builderRejectsBadConfiguration() {
    assertThatThrownBy(() -> TesClient.builder().build()).isInstanceOf(InvalidConfigException.class).hasMessageContaining("tes.url");
    assertThatThrownBy(() -> TesClient.builder().baseUrl("ftp://x").build()).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> TesClient.builder().baseUrl("http://tes.example.org").build())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("https");
    assertThat(TesClient.builder().baseUrl("http://tes.example.org").allowPlainHttp(true).build().configuredUrl()).contains("tes.example.org");
    assertThat(TesClient.builder().baseUrl("http://127.0.0.1:1").build()).isNotNull();
    assertThatThrownBy(() -> TesClient.builder().baseUrl("https://x/?a=1").build()).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> TesClient.builder().basicAuth(" ", "p")).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> TesClient.of("http://127.0.0.1:1").getTask(" ")).isInstanceOf(InvalidRequestException.class);
  }
}

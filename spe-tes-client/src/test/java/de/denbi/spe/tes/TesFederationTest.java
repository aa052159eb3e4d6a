package de.denbi.spe.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.tes.FakeTesServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TesFederationTest {
  private static final WaiterConfig FAST =
      new WaiterConfig(Duration.ofMillis(5), Duration.ofMillis(20), 1.5, Duration.ofSeconds(20), 2);

  private final List<FakeTesServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(FakeTesServer::close);
  }

  private FakeTesServer fake(FakeTesServer.Progression p) {
    FakeTesServer s = FakeTesServer.builder().progression(p).build().start();
    servers.add(s);
    return s;
  }

  private static TesClient client(String name, FakeTesServer s) {
    return TesClient.builder().name(name).baseUrl(s.rootUrl())
        .http(h -> h.retryPolicy(RetryPolicy.defaults().withMaxAttempts(2).withDelays(Duration.ofMillis(1), Duration.ofMillis(2)))
            .connectTimeout(Duration.ofSeconds(2)))
        .build();
  }

  private static TesTask task(String name) {
    return TesTask.builder().name(name).executor(TesExecutor.of("alpine", "true")).build();
  }

  @Test
  void firstHealthyPlacesOnTheFirstAndRemembersTheOwner() {
    FakeTesServer a = fake(FakeTesServer.Progression.ON_POLL);
    FakeTesServer b = fake(FakeTesServer.Progression.ON_POLL);
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b)).build();
    FederatedTaskId id = fed.createTask(task("x"));
    assertThat(id.endpoint()).isEqualTo("a");
    assertThat(a.taskIds()).containsExactly(id.taskId());
    assertThat(b.taskIds()).isEmpty();
    assertThat(fed.locate(id.taskId())).isEqualTo(id);
    assertThat(FederatedTaskId.parse(id.toString())).isEqualTo(id);
    assertThat(fed.waitFor(id, WaitOptions.defaults().withConfig(FAST)).state()).isEqualTo(TesState.COMPLETE);
    assertThat(fed.health().values()).allMatch(EndpointHealth::healthy);
    assertThat(fed.health().get("a").version()).isEqualTo(TesApiVersion.V1_1);
  }

  @Test
  void locateAsksEveryEndpointForForeignIds() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    String onB = client("b", b).createTask(task("elsewhere"));
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b)).build();
    assertThat(fed.locate(onB)).isEqualTo(new FederatedTaskId("b", onB));
    assertThatThrownBy(() -> fed.locate("nobody")).isInstanceOf(NotFoundException.class).hasMessageContaining("no endpoint knows");
  }

  @Test
  void roundRobinSpreadsTasks() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer c = fake(FakeTesServer.Progression.MANUAL);
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b)).endpoint(client("c", c))
        .strategy(PlacementStrategy.roundRobin()).build();
    List<String> where = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      where.add(fed.createTask(task("t" + i)).endpoint());
    }
    assertThat(where).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void byZoneAndByTag() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    TesFederation byZone = TesFederation.builder()
        .endpoint(TesEndpoint.of(client("a", a)).withZones("de-bi"))
        .endpoint(TesEndpoint.of(client("b", b)).withZones("de-ber", "de-hd"))
        .strategy(PlacementStrategy.byZone()).build();
    TesTask hd = TesTask.builder().executor(TesExecutor.of("i", "c")).resources(r -> r.zone("de-hd")).build();
    assertThat(byZone.createTask(hd).endpoint()).isEqualTo("b");
    assertThat(byZone.createTask(task("anywhere")).endpoint()).isEqualTo("a");
    TesTask nowhere = TesTask.builder().executor(TesExecutor.of("i", "c")).resources(r -> r.zone("us-east")).build();
    assertThatThrownBy(() -> byZone.createTask(nowhere)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("us-east");

    TesFederation byTag = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b))
        .strategy(PlacementStrategy.byTag("site")).build();
    assertThat(byTag.createTask(t -> t.tag("site", "b").executor(TesExecutor.of("i", "c"))).endpoint()).isEqualTo("b");
    assertThat(byTag.createTask(task("untagged")).endpoint()).isEqualTo("a");
    assertThatThrownBy(() -> byTag.createTask(t -> t.tag("site", "zz").executor(TesExecutor.of("i", "c"))))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("tags.site"));
  }

  @Test
  void dataLocalityFollowsTheInputHosts() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    TesFederation fed = TesFederation.builder()
        .endpoint(TesEndpoint.of(client("bielefeld", a)).withDataHosts("s3.bi.denbi.de"))
        .endpoint(TesEndpoint.of(client("berlin", b)).withDataHosts("denbi-berlin.de", "berlin-bucket"))
        .strategy(PlacementStrategy.dataLocality()).build();
    TesTask nearBerlin = TesTask.builder().executor(TesExecutor.of("i", "c"))
        .input(TesInput.fromUrl("https://objects.denbi-berlin.de/b/k?X-Amz-Signature=1", "/in1"))
        .input(TesInput.fromUrl("s3://berlin-bucket/ref.fa", "/in2"))
        .input(TesInput.fromUrl("https://s3.bi.denbi.de/b/k", "/in3"))
        .build();
    assertThat(fed.createTask(nearBerlin).endpoint()).isEqualTo("berlin");
    TesTask nearBielefeld = TesTask.builder().executor(TesExecutor.of("i", "c"))
        .input(TesInput.fromUrl("https://s3.bi.denbi.de/b/k", "/in")).build();
    assertThat(fed.createTask(nearBielefeld).endpoint()).isEqualTo("bielefeld");
    assertThat(fed.createTask(task("no inputs")).endpoint()).isEqualTo("bielefeld");
  }

  @Test
  void aDownEndpointIsSkippedForPlacementAndListing() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    TesClient ca = client("a", a);
    TesClient cb = client("b", b);
    cb.createTask(task("on-b"));
    TesFederation fed = TesFederation.builder().endpoint(ca).endpoint(cb).healthTtl(Duration.ZERO).build();
    a.close();
    Map<String, EndpointHealth> h = fed.health();
    assertThat(h.get("a").healthy()).isFalse();
    assertThat(h.get("a").problem()).isNotBlank();
    assertThat(h.get("b").healthy()).isTrue();
    FederatedTaskId id = fed.createTask(task("x"));
    assertThat(id.endpoint()).isEqualTo("b");

    TesFederation.Listing listing = fed.listTasks(TaskQuery.all());
    assertThat(listing.stream().map(FederatedTask::endpoint).collect(Collectors.toSet())).containsExactly("b");
    assertThat(listing.stream().count()).isEqualTo(2);
    assertThat(listing.failures()).containsOnlyKeys("a");
    b.close();
    assertThatThrownBy(() -> fed.createTask(task("y")))
        .isInstanceOf(SpeConnectionException.class)
        .hasMessageContaining("No TES endpoint of the federation is healthy");
  }

  @Test
  void aSubmissionThatNeverLeftGoesToTheNextEndpoint() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b))
        .healthTtl(Duration.ofHours(1)).build();
    assertThat(fed.health().get("a").healthy()).isTrue(); // cached as healthy
    a.close(); // ... and then it goes down: the POST cannot connect
    FederatedTaskId id = fed.createTask(task("moved"));
    assertThat(id.endpoint()).isEqualTo("b");
    assertThat(fed.health().get("a").healthy()).as("marked down at once").isFalse();
  }

  @Test
  void a503OnSubmissionMovesOnButA500DoesNot() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b)).healthTtl(Duration.ofHours(1)).build();
    a.failNext(1, 503, "POST", "/tasks");
    assertThat(fed.createTask(task("busy")).endpoint()).isEqualTo("b");
    TesFederation fed2 = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b)).build();
    a.failNext(1, 500, "POST", "/tasks");
    int onB = b.taskIds().size();
    assertThatThrownBy(() -> fed2.createTask(task("maybe-created"))).isInstanceOf(ServerErrorException.class);
    assertThat(b.taskIds()).as("not submitted twice").hasSize(onB);
  }

  @Test
  void oneEndpointFailingMidRunDoesNotStopTheOthers() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.ON_POLL);
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b))
        .strategy(PlacementStrategy.roundRobin()).build();
    List<FederatedTaskId> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(fed.createTask(task("t" + i)));
    }
    // a's tasks never progress; a goes down while they are awaited
    Thread killer = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      a.close();
    });
    TesFederation.WaitResult r = fed.waitForAll(ids, WaitOptions.defaults().withConfig(FAST));
    killer.interrupt();
    Set<String> endedOn = r.ended().keySet().stream().map(FederatedTaskId::endpoint).collect(Collectors.toSet());
    Set<String> failedOn = r.failed().keySet().stream().map(FederatedTaskId::endpoint).collect(Collectors.toSet());
    assertThat(endedOn).containsExactly("b");
    assertThat(r.ended()).hasSize(3);
    assertThat(r.ended().values()).allMatch(t -> t.state() == TesState.COMPLETE);
    assertThat(failedOn).containsExactly("a");
    assertThat(r.failed().values()).allMatch(e -> e instanceof SpeConnectionException);
  }

  @Test
  void cancelAndGetGoToTheOwner() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    TesFederation fed = TesFederation.builder().endpoint(client("a", a)).endpoint(client("b", b))
        .strategy(PlacementStrategy.byTag("site")).build();
    FederatedTaskId id = fed.createTask(t -> t.tag("site", "b").executor(TesExecutor.of("i", "c")));
    fed.cancelTask(id);
    assertThat(b.state(id.taskId())).isEqualTo("CANCELING");
    assertThat(fed.getTask(id, TesView.BASIC).tags()).containsEntry("site", "b");
    assertThatThrownBy(() -> fed.getTask(new FederatedTaskId("zz", "x"), TesView.MINIMAL)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void endpointsFromASiteProfile() {
    FakeTesServer a = fake(FakeTesServer.Progression.MANUAL);
    FakeTesServer b = fake(FakeTesServer.Progression.MANUAL);
    de.denbi.spe.core.profile.SiteProfile profile = de.denbi.spe.core.profile.SiteProfile.builder()
        .name("test-site").addTesUrl(a.url()).addTesUrl(b.url()).build();
    TesFederation fed = TesFederation.builder().siteProfile(profile, null).build();
    assertThat(fed.endpoints()).extracting(TesEndpoint::name).containsExactly("127.0.0.1", "127.0.0.1-2");
    assertThat(fed.createTask(task("from-profile")).endpoint()).isEqualTo("127.0.0.1");
    assertThat(a.taskIds()).hasSize(1);
    de.denbi.spe.core.profile.SiteProfile none = de.denbi.spe.core.profile.SiteProfile.builder().name("empty").build();
    assertThatThrownBy(() -> TesFederation.builder().siteProfile(none, null))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tes.urls");
  }

  @Test
  void configurationIsChecked() {
    assertThatThrownBy(() -> TesFederation.builder().build()).isInstanceOf(InvalidConfigException.class);
    TesClient c = TesClient.builder().name("same").baseUrl("http://127.0.0.1:1").build();
    assertThatThrownBy(() -> TesFederation.builder().endpoint(c).endpoint(c).build())
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("used twice");
    assertThatThrownBy(() -> new TesEndpoint("a/b", c, null, null)).isInstanceOf(InvalidConfigException.class);
    assertThatThrownBy(() -> FederatedTaskId.parse("noslash")).isInstanceOf(InvalidRequestException.class);
  }
}

package de.denbi.spe.compute.bibigrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.bibigrid.FakeBibigridServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BibigridClientTest {
  private static final WaiterConfig FAST = WaiterConfig.defaults()
      .withDelays(Duration.ofMillis(10), Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(10));
  private FakeBibigridServer server;
  private BibigridClient client;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new FakeBibigridServer();
    client = BibigridClient.builder().baseUrl(server.url()).auditSink(audit::add, "admin").build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static BibigridConfiguration config(String flavor, String image) {
    return BibigridConfiguration.of(CloudConfiguration.master("openstack", "ubuntu", "subnet",
        Instance.of(flavor, image, 1), List.of(Instance.of(flavor, image, 2))));
  }

  @Test
  void requirements() {
    assertThat(client.requirements()).containsEntry("ubuntu", List.of("22.04", "24.04")).containsKey("debian");
  }

  @Test
  void validationSuccessAndFailureWithTheLog() {
    ValidationResult ok = client.validate(config("de.NBI.small", "Ubuntu-22.04"));
    assertThat(ok.success()).isTrue();
    assertThat(ok.clusterId()).hasSize(15);
    ValidationResult bad = client.validate(config("no-such-flavor", "Ubuntu-22.04"));
    assertThat(bad.success()).isFalse();
    assertThat(bad.message()).isEqualTo("Validation failed");
    assertThat(bad.log()).contains("no-such-flavor does not exist");
  }

  @Test
  void createAwaitInfoAndTerminate() {
    BibigridConfiguration c = config("de.NBI.small", "Ubuntu-22.04");
    String id = client.create(c);
    assertThat(server.requests()).contains("POST /bibigrid/create/");
    List<ClusterState.State> seen = new CopyOnWriteArrayList<>();
    ClusterState running = client.awaitRunning(id, FAST, s -> seen.add(s.state()));
    assertThat(running.state()).isEqualTo(ClusterState.State.RUNNING);
    assertThat(running.floatingIp()).isEqualTo("192.0.2.10");
    assertThat(running.sshUser()).isEqualTo("ubuntu");
    assertThat(seen).startsWith(ClusterState.State.STARTING).endsWith(ClusterState.State.RUNNING);
    ClusterInfo info = client.info(id, c);
    assertThat(info.ready()).isTrue();
    assertThat(info.master()).containsEntry("private_v4", "10.0.0.5");
    assertThat(info.workers()).hasSize(1);
    assertThat(client.log(id, 1)).contains("running").doesNotContain("Creating master");
    client.terminate(id, c);
    assertThat(client.state(id).state()).isEqualTo(ClusterState.State.TERMINATED);
    assertThatThrownBy(() -> client.info(id, c)).isInstanceOf(NotFoundException.class);
    assertThat(audit).extracting(AuditEvent::action).containsExactly("cluster.create", "cluster.terminate");
  }

  @Test
  void aFailedClusterThrowsWithTheLogTail() {
    String id = client.create(config("de.NBI.small", "broken-image"));
    assertThatThrownBy(() -> client.awaitRunning(id, FAST))
        .isInstanceOf(ClusterFailedException.class)
        .hasMessageContaining(id).hasMessageContaining("failed")
        .hasMessageContaining("ImageNotActiveException")
        .satisfies(e -> assertThat(((ClusterFailedException) e).state()).isEqualTo(ClusterState.State.FAILED));
  }

  @Test
  void unknownAndMalformedClusterIds() {
    assertThatThrownBy(() -> client.state("abcdefghijkmnop")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.state("../../etc/passwd")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("clusterId");
    assertThatThrownBy(() -> client.log("abcdefghijkmnol", 0)).isInstanceOf(InvalidRequestException.class);
  }
}

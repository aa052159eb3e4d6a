package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.ServiceEnv;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@RequiresLocalService(LocalService.SLURM)
class SlurmRestIT {
  private final String run = "spe-rest-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> submitted = new ArrayList<>();
  private SlurmRestClient client;

  private SlurmRestClient client(SlurmCoordinates c, String version) {
    assumeTrue(c.hasRest(), "slurmrestd is not running");
    client = SlurmRestClient.builder().baseUrl(c.slurmrestdUrl().toString())
        .user(c.slurmrestdUser()).apiVersion(version).tokenSource(SlurmTokens.fixed(c.jwt())).build();
    return client;
  }

  @AfterEach
  void cancel() {
    for (String id : submitted) {
      try {
        client.cancel(id);
      } catch (SpeServiceException ignored) {
        // already gone
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v0.0.38", "v0.0.37"})
  void submitStatusWaitAndOutput(String version, SlurmCoordinates c) {
    SlurmRestClient rest = client(c, version);
    String evil = "$(touch /tmp/" + run + "-PWNED) `id`; 'q' \"d\"";
    String id = rest.submit(JobSpec.builder().name(run + " " + evil).partition(c.partition())
        .command("sh", "-c", "test \"$EVIL\" = \"$1\" && exit 4", "sh", evil).env("EVIL", evil)
        .workingDirectory("/tmp").stdout("/dev/null").build());
    submitted.add(id);
    JobStatus done = rest.await(id, SlurmItSupport.WAIT);
    assertThat(done.state()).isEqualTo(JobState.FAILED);
    assertThat(done.exitCode()).as("the environment and argument arrived verbatim").isEqualTo(4);
    assertThat(done.name()).isEqualTo(run + " " + evil);
    assertThat(rest.statuses(List.of(id, "987654321"))).containsOnlyKeys(id);
    assertThat(rest.jobs()).extracting(JobStatus::jobId).contains(id);
  }

  @Test
  void cancelArraysDependenciesAndErrors(SlurmCoordinates c) {
    SlurmRestClient rest = client(c, "v0.0.38");
    String array = rest.submit(JobSpec.builder().name(run).partition(c.partition()).array("0-1")
        .command("true").stdout("/dev/null").build());
    submitted.add(array);
    String waiting = rest.submit(JobSpec.builder().name(run).partition(c.partition())
        .command("sleep", "300").stdout("/dev/null").dependency(JobDependency.afterOk(array)).build());
    submitted.add(waiting);
    JobStatus arr = rest.await(array, SlurmItSupport.WAIT);
    assertThat(arr.state()).isEqualTo(JobState.COMPLETED);
    assertThat(arr.tasks()).hasSize(2);
    rest.cancel(waiting);
    assertThat(rest.await(waiting, SlurmItSupport.WAIT).state()).isEqualTo(JobState.CANCELLED);
    assertThatThrownBy(() -> rest.status("987654321")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("2017");
    assertThatThrownBy(() -> rest.cancel("987654321")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rest.submit(JobSpec.builder().name(run).partition("nope").command("true").build()))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("partition");
    assertThat(rest.partitions()).extracting(Partition::name).contains(c.partition());
    assertThat(rest.nodes()).isNotEmpty();
    assertThat(rest.ping()).isTrue();
  }

  @Test
  void mintedTokensFromTheSiteKey(SlurmCoordinates c, ServiceEnv env) {
    assumeTrue(c.hasRest(), "slurmrestd is not running");
    client = SlurmRestClient.builder().baseUrl(c.slurmrestdUrl().toString()).user(c.slurmrestdUser())
        .tokenSource(SlurmTokens.hs256(c.slurmrestdUser(), env.requirePath("SPE_SLURM_JWT_KEY"),
            Duration.ofMinutes(5)))
        .build();
    assertThat(client.partitions()).isNotEmpty();
    SlurmRestClient forged = SlurmRestClient.builder().baseUrl(c.slurmrestdUrl().toString())
        .user(c.slurmrestdUser()).tokenSource(SlurmTokens.fixed("eyJhbGciOiJIUzI1NiJ9.eyJzdW4iOiJ4In0.c2ln"))
        .build();
    assertThatThrownBy(forged::jobs).isInstanceOf(SpeServiceException.class)
        .hasMessageNotContaining("c2ln");
  }

  @Test
  void tokenFromScontrolOverSsh(SlurmCoordinates c) {
    assumeTrue(c.hasRest(), "slurmrestd is not running");
    try (var ssh = SlurmItSupport.ssh(c)) {
      client = SlurmRestClient.builder().baseUrl(c.slurmrestdUrl().toString()).user(c.sshUser())
          .tokenSource(SlurmTokens.scontrol(ssh, Duration.ofMinutes(5))).build();
      assertThat(client.nodes()).isNotEmpty();
    }
  }
}

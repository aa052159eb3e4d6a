package de.denbi.spe.compute.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.denbi.spe.compute.bibigrid.BibigridConfiguration;
import de.denbi.spe.compute.bibigrid.BibigridConfiguration.Problem;
import de.denbi.spe.compute.bibigrid.CloudConfiguration;
import de.denbi.spe.compute.bibigrid.Instance;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.OpenStackCoordinates;
import de.denbi.spe.testkit.OpenStackMode;
import de.denbi.spe.testkit.RequiresLocalService;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@RequiresLocalService(LocalService.OPENSTACK)
class OpenStackIT {
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  private OpenStackClient appCred(OpenStackCoordinates os) {
    return OpenStackClient.builder().authUrl(os.authUrl().toString())
        .applicationCredential(os.applicationCredentialId(), os.applicationCredentialSecret())
        .region(os.region()).auditSink(audit::add).build();
  }

  @Test
  void applicationCredentialAndPasswordLogins(OpenStackCoordinates os) {
    OpenStackClient c = appCred(os);
    assertThat(c.token().getId()).isNotBlank();
    assertThat(c.projectId()).isNotBlank();
    assertThat(c.hasService("identity")).isTrue();
    assertThat(c.toString()).doesNotContain(os.applicationCredentialSecret());
    assumeTrue(os.adminPassword() != null, "no admin password in the env file");
    OpenStackClient admin = OpenStackClient.builder().authUrl(os.authUrl().toString())
        .password(os.adminUser(), os.adminPassword(), os.adminProject(), os.domain()).region(os.region()).build();
    assertThat(admin.projectId()).isNotBlank();
    OpenStackClient wrong = OpenStackClient.builder().authUrl(os.authUrl().toString())
        .applicationCredential(os.applicationCredentialId(), "not-the-secret").build();
    assertThatThrownBy(wrong::token).isInstanceOf(UnauthorizedException.class)
        .hasMessageNotContaining("not-the-secret");
  }

  @Test
  @RequiresLocalService(value = LocalService.OPENSTACK, openstackMode = OpenStackMode.FULL)
  void inventoryPreflightAndAServer(OpenStackCoordinates os) {
    OpenStackClient c = appCred(os);
    assertThat(c.flavors()).extracting(Flavor::name).contains(os.flavor());
    assertThat(c.images()).extracting(Image::name).contains(os.image());
    assertThat(c.networks()).extracting(Network::name).contains(os.network());
    assertThat(c.subnets()).isNotEmpty();
    assertThat(c.securityGroups()).extracting(SecurityGroup::name).contains("default");
    c.keypairs();
    Limits l = c.limits();
    assertThat(l.maxCores()).isNotZero();

    CloudConfiguration good = CloudConfiguration.builder().cloud("openstack").cloudIdentifier("spe-local")
        .sshUser("ubuntu").network(os.network())
        .masterInstance(Instance.of(os.flavor(), "^" + os.image().substring(0, 6), 1))
        .addWorkerInstance(Instance.of(os.flavor(), os.image(), 1)).build();
    PreflightReport ok = Preflight.check(BibigridConfiguration.of(good), c);
    assertThat(ok.problems()).as(ok.summary()).isEmpty();

    CloudConfiguration bad = good.toBuilder().network("no-such-network")
        .masterInstance(Instance.of("no-such-flavor", "no-such-image", 1))
        .workerInstances(List.of(Instance.of(os.flavor(), os.image(), 100_000))).build();
    PreflightReport failed = Preflight.check(BibigridConfiguration.of(bad), c);
    assertThat(failed.problems()).extracting(Problem::key).contains(
        "configurations[0].masterInstance.type", "configurations[0].masterInstance.image",
        "configurations[0].network", "configurations[0].quota.instances", "configurations[0].quota.cores");

    String name = "spe-compute-it-" + UUID.randomUUID().toString().substring(0, 8);
    Server s = c.createServer(name, os.flavor(), os.image(), os.network());
    try {
      Server active = c.awaitActive(s.id(), WaiterConfig.defaults()
          .withDelays(Duration.ofSeconds(1), Duration.ofSeconds(3)).withTimeout(Duration.ofMinutes(3)));
      assertThat(active.status()).isEqualTo("ACTIVE");
      assertThat(c.servers()).extracting(Server::name).contains(name);
    } finally {
      c.deleteServer(s.id());
    }
    assertThat(audit).extracting(AuditEvent::action).contains("server.create", "server.delete");
  }
}

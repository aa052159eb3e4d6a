package de.denbi.spe.compute.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.compute.bibigrid.BibigridConfiguration;
import de.denbi.spe.compute.bibigrid.BibigridConfiguration.Problem;
import de.denbi.spe.compute.bibigrid.BootVolume;
import de.denbi.spe.compute.bibigrid.CloudConfiguration;
import de.denbi.spe.compute.bibigrid.Instance;
import de.denbi.spe.compute.bibigrid.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTest {

  record Inventory(Limits limits) implements CloudInventory {
    @Override
    public List<Flavor> flavors() {
      return List.of(new Flavor("f1", "de.NBI.small", 2, 4096, 20), new Flavor("f2", "de.NBI.tiny", 1, 1024, 5));
    }

    @Override
    public List<Image> images() {
      return List.of(new Image("i1", "Ubuntu-22.04-2024-05", "active", 10, 512),
          new Image("i2", "Ubuntu-20.04-old", "deactivated", 1, 0));
    }

    @Override
    public List<Network> networks() {
      return List.of(new Network("n1", "private", "ACTIVE", false, List.of("s1")));
    }

    @Override
    public List<Subnet> subnets() {
      return List.of(new Subnet("s1", "private-subnet", "n1", "10.0.0.0/24"));
    }

    @Override
    public List<SecurityGroup> securityGroups() {
      return List.of(new SecurityGroup("g1", "default", ""));
    }
  }

  static Limits limits(long cores, long ram, long inst, long vols, long gb, boolean known) {
    return new Limits(cores, 0, ram, 0, inst, 0, vols, 0, gb, 0, known);
  }

  static BibigridConfiguration cluster(String flavor, String image, int workers) {
    return BibigridConfiguration.of(CloudConfiguration.master("openstack", "ubuntu", "private-subnet",
        Instance.of(flavor, image, 1), List.of(Instance.of(flavor, image, workers))));
  }

  @Test
  void passesWhenEverythingFitsAndImagesMayBeRegularExpressions() {
    PreflightReport r = Preflight.check(cluster("de.NBI.small", "^Ubuntu-22\\.04", 3),
        new Inventory(limits(8, 16384, 10, 10, 1000, true)));
    assertThat(r.problems()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.required()).containsEntry("cores", 8L).containsEntry("ramMb", 16384L).containsEntry("instances", 4L);
    assertThat(r.available()).containsEntry("cores", 8L);
    assertThat(r.warnings()).anyMatch(w -> w.contains("on-demand"));
  }

  @Test
  void reportsEveryProblemNotTheFirst() {
    CloudConfiguration c = CloudConfiguration.master("openstack", "ubuntu", "no-subnet",
        Instance.of("de.NBI.huge", "Ubuntu-20.04-old", 1),
        List.of(new Instance("de.NBI.tiny", "Ubuntu-22.04-2024-05", 4, false, null, null, List.of("web"),
            new BootVolume(null, true, 5), List.of(new Volume(null, null, null, null, null, null, "/vol/x", 100, null, null)),
            null)));
    PreflightReport r = Preflight.check(BibigridConfiguration.of(c), new Inventory(limits(2, 2048, 3, 4, 200, true)));
    assertThat(r.problems()).extracting(Problem::key).contains(
        "configurations[0].masterInstance.type",
        "configurations[0].masterInstance.image",
        "configurations[0].workerInstances[0].bootVolume.size",
        "configurations[0].subnet",
        "configurations[0].securityGroups",
        "configurations[0].quota.cores",
        "configurations[0].quota.ramMb",
        "configurations[0].quota.instances",
        "configurations[0].quota.volumes",
        "configurations[0].quota.volumeGb");
    assertThat(r.required()).containsEntry("volumes", 8L).containsEntry("volumeGb", 420L);
    assertThat(r.problems().stream().filter(p -> p.key().endsWith("workerInstances[0].bootVolume.size")).findFirst().orElseThrow()
        .message()).contains("needs (10 GB)");
    assertThatThrownBy(r::requireOk).isInstanceOf(PreflightException.class)
        .hasMessageContaining("quota leaves 2").hasMessageContaining("de.NBI.huge");
  }

  @Test
  void volumesWithoutBlockStorageAreAProblemAndUnlimitedQuotaPasses() {
    CloudConfiguration c = CloudConfiguration.master("openstack", "ubuntu", "private-subnet",
        new Instance("de.NBI.small", "Ubuntu-22.04-2024-05", 1, null, null, null, null, null,
            List.of(new Volume("data", null, null, true, null, null, "/vol/data", 10, null, null)), null),
        List.of());
    PreflightReport r = Preflight.check(BibigridConfiguration.of(c), new Inventory(limits(-1, -1, -1, -1, -1, false)));
    assertThat(r.problems()).extracting(Problem::key).containsExactly("configurations[0].volumes");
    assertThat(r.available()).containsEntry("cores", Long.MAX_VALUE).containsEntry("volumes", -1L);
  }
}

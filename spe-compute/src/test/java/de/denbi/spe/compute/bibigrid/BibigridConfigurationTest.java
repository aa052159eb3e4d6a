package de.denbi.spe.compute.bibigrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.json.SpeJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BibigridConfigurationTest {
  static BibigridConfiguration sample() throws Exception {
    return BibigridConfiguration.read(
        Path.of(BibigridConfigurationTest.class.getResource("/bibigrid/cluster.yaml").toURI()));
  }

  @Test
  void readsTheYamlBibigridUses() throws Exception {
    BibigridConfiguration c = sample();
    assertThat(c.validate()).isEmpty();
    CloudConfiguration m = c.master();
    assertThat(m.cloudIdentifier()).isEqualTo("spe-site");
    assertThat(m.useMasterAsCompute()).isFalse();
    assertThat(m.masterInstance().image()).isEqualTo("^Ubuntu-22\\.04.*");
    assertThat(m.masterInstance().volumes().getFirst().semiPermanent()).isTrue();
    assertThat(m.workerInstances()).hasSize(2);
    assertThat(m.workerInstances().get(0).effectiveCount()).isEqualTo(2);
    assertThat(m.workerInstances().get(1).bootVolume().size()).isEqualTo(20);
    assertThat(m.workerInstances().get(1).meta()).containsEntry("project", "spe-project-1");
    assertThat(m.slurmConf().elasticScheduling().suspendTime()).isEqualTo(3600);
    assertThat(m.slurmConf().toString()).doesNotContain("s3cret");
  }

  @Test
  void writesYamlThatReadsBackEqual() throws Exception {
    BibigridConfiguration c = sample();
    String yaml = c.toYaml();
    assertThat(yaml).contains("cloud_identifier: spe-site").contains("db_user: slurm")
        .contains("SuspendTime: 3600").doesNotContain("null").doesNotContain("vpnInstance");
    assertThat(BibigridConfiguration.fromYaml(yaml, "written")).isEqualTo(c);
    var body = c.toRestBody(SpeJson.mapper());
    assertThat(body.path("configurations").get(0).path("masterInstance").path("type").asText())
        .isEqualTo("de.NBI.small");
    assertThat(c.toMinimalRestBody(SpeJson.mapper()).toString())
        .isEqualTo("{\"configurations\":[{\"infrastructure\":\"openstack\",\"cloud\":\"openstack\"}]}");
  }

  @Test
  void everyUnknownKeyAndWrongTypeIsReportedWithItsKey() {
    String yaml = """
        - infrastructure: openstack
          cloud: openstack
          cloud_identifier: x
          sshUser: ubuntu
          region: Bielefeld
          subnet: s
          masterInstance: {type: t, image: i, cont: 1}
          workerInstances:
            - {type: t, image: i, count: two}
            - {type: t, image: i, partitions: compute}
          useMasterAsCompute: "maybe"
        """;
    assertThatThrownBy(() -> BibigridConfiguration.fromYaml(yaml, "bibigrid.yaml"))
        .isInstanceOf(BibigridConfigurationException.class)
        .satisfies(e -> {
          var ex = (BibigridConfigurationException) e;
          assertThat(ex.problems()).extracting(BibigridConfiguration.Problem::key).containsExactlyInAnyOrder(
              "configurations[0].region", "configurations[0].masterInstance.cont",
              "configurations[0].workerInstances[0].count",
              "configurations[0].workerInstances[1].partitions",
              "configurations[0].useMasterAsCompute");
          assertThat(ex.key()).startsWith("configurations[0]");
          assertThat(ex.getMessage()).contains("bibigrid.yaml").contains("deprecated");
        });
  }

  @Test
  void semanticProblemsAreAllListed() {
    CloudConfiguration bad = CloudConfiguration.builder().cloud("openstack").sshUser("ubuntu")
        .network("net").masterInstance(new Instance("t", "Ubuntu(", 2, null, List.of("a b"), null,
            null, null, List.of(new Volume(null, null, null, true, null, true, "rel/path", 0, null, null)),
            null))
        .addWorkerInstance(Instance.of("t", "i", 0))
        .build();
    BibigridConfiguration c = new BibigridConfiguration(List.of(bad,
        CloudConfiguration.builder().cloud("openstack").cloudIdentifier("b").sshUser("u")
            .addWorkerInstance(Instance.of("t", "i", 1)).build()));
    assertThat(c.validate()).extracting(BibigridConfiguration.Problem::key).contains(
        "configurations[0].cloud_identifier",
        "configurations[0].masterInstance.image",
        "configurations[0].masterInstance.count",
        "configurations[0].masterInstance.partitions[0]",
        "configurations[0].masterInstance.volumes[0]",
        "configurations[0].masterInstance.volumes[0].size",
        "configurations[0].masterInstance.volumes[0].mountPoint",
        "configurations[0].workerInstances[0].count",
        "configurations[1].cloud",
        "configurations[1].subnet",
        "configurations[1].vpnInstance");
    assertThatThrownBy(c::requireValid).isInstanceOf(BibigridConfigurationException.class);
  }

  @Test
  void notYamlOrEmptyIsReported() {
    assertThatThrownBy(() -> BibigridConfiguration.fromYaml("- [unclosed", "x.yaml"))
        .isInstanceOf(BibigridConfigurationException.class).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> BibigridConfiguration.fromYaml("{}", "x.yaml"))
        .isInstanceOf(BibigridConfigurationException.class).hasMessageContaining("non-empty list");
  }
}

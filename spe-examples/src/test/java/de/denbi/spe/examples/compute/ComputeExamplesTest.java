package de.denbi.spe.examples.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeExamplesTest {
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

  private String output() {
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void preflightOfflineValidatesTheYaml(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("bibigrid.yaml"), """
        - infrastructure: openstack
          cloud: openstack
          cloud_identifier: site
          sshUser: ubuntu
          subnet: s
          masterInstance: {type: de.NBI.small, image: Ubuntu-22.04}
          workerInstances:
            - {type: de.NBI.default, image: Ubuntu-22.04, count: 3}
        """);
    assertThat(BibigridPreflightExample.run(new String[] {"--offline", good.toString()}, Map.of(), out)).isZero();
    assertThat(output()).contains("configuration valid: 1 cloud(s), 3 worker(s)");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        - infrastructure: openstack
          cloud: openstack
          sshUser: ubuntu
          subnet: s
          masterInstance: {type: t, image: i, count: 2}
          workerInstances: [{type: t, image: i, cuont: 1}]
        """);
    assertThat(BibigridPreflightExample.run(new String[] {"--offline", bad.toString()}, Map.of(), out)).isEqualTo(1);
    assertThat(output()).contains("workerInstances[0].cuont");
  }

  @Test
  void missingSettingsAreNamed() {
    assertThat(BibigridPreflightExample.run(new String[0], Map.of(), out)).isEqualTo(1);
    assertThat(output()).contains("OS_AUTH_URL is not set");
    assertThat(SlurmJobExample.run(new String[] {"hostname"}, Map.of(), out)).isEqualTo(1);
    assertThat(output()).contains("SPE_SLURM_SSH_HOST is not set");
    assertThat(SlurmJobExample.run(new String[0], Map.of(), out)).isEqualTo(2);
  }
}

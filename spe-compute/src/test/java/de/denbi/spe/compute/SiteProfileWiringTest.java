package de.denbi.spe.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.compute.bibigrid.BibigridClient;
import de.denbi.spe.compute.openstack.OpenStackClient;
import de.denbi.spe.compute.slurm.SlurmRestClient;
import de.denbi.spe.compute.slurm.SlurmTokens;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.profile.SiteProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteProfileWiringTest {

  @Test
  void clientsTakeTheirEndpointsFromTheSiteProfile(@TempDir Path dir) throws Exception {
    SiteProfile site = SiteProfile.builder().name("test")
        .slurmLoginHost("login.example.org").slurmSshPort(2222).slurmRestUrl("https://slurm.example.org:6820")
        .bibigridUrl("https://bibigrid.example.org").openstackAuthUrl("https://os.example.org:5000/v3")
        .openstackRegion("Bielefeld").build();
    Path key = dir.resolve("key");
    com.jcraft.jsch.KeyPair kp = com.jcraft.jsch.KeyPair.genKeyPair(new com.jcraft.jsch.JSch(),
        com.jcraft.jsch.KeyPair.ECDSA, 256);
    try (var out = Files.newOutputStream(key)) {
      kp.writePrivateKey(out);
    }
    kp.dispose();
    Path kh = Files.writeString(dir.resolve("known_hosts"), "");
    SshConnection ssh = SshConnection.builder().site(site.requireSlurm()).user("alice")
        .identityFile(key).knownHosts(kh).build();
    assertThat(ssh.host()).isEqualTo("login.example.org");
    assertThat(ssh.port()).isEqualTo(2222);
    assertThat(SlurmRestClient.builder().site(site.requireSlurm()).user("alice")
        .tokenSource(SlurmTokens.fixed("x.y.z")).build().toString()).contains("slurm.example.org:6820");
    assertThat(BibigridClient.builder().site(site).build().toString()).contains("bibigrid.example.org");
    assertThat(OpenStackClient.builder().site(site.requireOpenStack()).applicationCredential("id", "sec")
        .build().toString()).contains("os.example.org").contains("Bielefeld").doesNotContain("sec]");
    SiteProfile empty = SiteProfile.builder().name("empty").build();
    assertThatThrownBy(() -> BibigridClient.builder().site(empty)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("bibigrid");
  }
}

package de.denbi.spe.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login with a key held by ssh-agent: the test starts its own agent (stopped by PID), adds the
 * local SLURM user's key and connects through the agent only.
 */
@RequiresLocalService(LocalService.SLURM)
class SshAgentIT {

  @Test
  void loginThroughSshAgent(SlurmCoordinates c, @TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-agent")), "ssh-agent is not installed");
    Path sock = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
    try {
      for (int i = 0; i < 100 && !Files.exists(sock); i++) {
        Thread.sleep(20);
      }
      ProcessBuilder add = new ProcessBuilder("ssh-add", c.sshPrivateKey().toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", sock.toString());
      Process p = add.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(out).isZero();
      try (SshConnection ssh = SshConnection.builder().host(c.sshHost()).port(c.sshPort()).user(c.sshUser())
          .useAgent(sock).knownHosts(c.sshKnownHosts()).build()) {
        assertThat(ssh.exec("id -un").stdout().strip()).isEqualTo(c.sshUser());
        assertThat(ssh.toString()).contains("ssh-agent").doesNotContain("PRIVATE");
      }
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }
}

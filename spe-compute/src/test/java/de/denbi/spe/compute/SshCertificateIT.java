package de.denbi.spe.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH certificates, as sites with an SSH CA use them: the server's host key is trusted
 * through an {@code @cert-authority} line in known_hosts, the user logs in with a certificate
 * signed by the user CA (no authorized_keys entry). Runs a private sshd (stopped by PID) that
 * admits the local SLURM user; needs root.
 */
@RequiresLocalService(LocalService.SLURM)
class SshCertificateIT {
  @TempDir Path dir;
  private Process sshd;

  @AfterEach
  void stop() throws Exception {
    if (sshd != null) {
      sshd.destroy();
      sshd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
  }

  @Test
  void hostAndUserCertificates(SlurmCoordinates c) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a private sshd");
    String user = c.sshUser();
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_ca").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("user_ca").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host").toString());
    run("ssh-keygen", "-q", "-s", dir.resolve("host_ca").toString(), "-I", "host", "-h", "-n",
        "127.0.0.1", dir.resolve("host.pub").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("alice").toString());
    run("ssh-keygen", "-q", "-s", dir.resolve("user_ca").toString(), "-I", "alice", "-n", user,
        "-V", "-5m:+1h", dir.resolve("alice.pub").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("plain").toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "Port " + port, "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host"), "HostCertificate " + dir.resolve("host-cert.pub"),
        "TrustedUserCAKeys " + dir.resolve("user_ca.pub"),
        "AuthorizedKeysFile none", "PidFile none", "AuthenticationMethods publickey",
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin no",
        "AllowUsers " + user, "UsePAM no", "StrictModes no", ""));
    Files.createDirectories(Path.of("/run/sshd"));
    sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        new Socket("127.0.0.1", port).close();
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !sshd.isAlive()) {
          throw new IllegalStateException("sshd: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(50);
      }
    }
    String caLine = "@cert-authority [127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_ca.pub")).strip() + "\n";
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), caLine);

    try (SshConnection ssh = SshConnection.builder().host("127.0.0.1").port(port).user(user)
        .identityFile(dir.resolve("alice"), dir.resolve("alice-cert.pub"), null)
        .knownHosts(knownHosts).build()) {
      assertThat(ssh.exec("id -un").stdout().strip()).isEqualTo(user);
      assertThat(ssh.toString()).contains("certificate");
    }
    try (SshConnection plain = SshConnection.builder().host("127.0.0.1").port(port).user(user)
        .identityFile(dir.resolve("plain")).knownHosts(knownHosts).build()) {
      assertThatThrownBy(() -> plain.exec("true")).isInstanceOf(SshLoginException.class);
    }
    Path otherCa = Files.writeString(dir.resolve("other_known_hosts"),
        "@cert-authority [127.0.0.1]:" + port + " " + Files.readString(dir.resolve("user_ca.pub")).strip() + "\n");
    try (SshConnection wrongCa = SshConnection.builder().host("127.0.0.1").port(port).user(user)
        .identityFile(dir.resolve("alice"), dir.resolve("alice-cert.pub"), null)
        .knownHosts(otherCa).build()) {
      assertThatThrownBy(() -> wrongCa.exec("true")).isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("knownHosts");
    }
  }
}

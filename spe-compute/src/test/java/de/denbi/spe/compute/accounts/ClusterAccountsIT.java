package de.denbi.spe.compute.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.denbi.spe.compute.RemoteCommandException;
import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.compute.SshLoginException;
import de.denbi.spe.compute.slurm.JobState;
import de.denbi.spe.compute.slurm.JobStatus;
import de.denbi.spe.compute.slurm.SlurmSshClient;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster accounts against this machine as the "cluster": a private sshd started by the test
 * (the shared one only admits {@code speuser}) lets an admin log in and new accounts log in,
 * and the local SLURM runs their jobs. The admin connects as root and still goes through
 * {@code sudo -n}, as on a BiBiGrid master. The test stops its sshd by PID and removes every
 * account it created.
 */
@RequiresLocalService(LocalService.SLURM)
class ClusterAccountsIT {
  @TempDir Path dir;
  private Process sshd;
  private int port;
  private Path knownHosts;
  private Path adminKey;
  private final String user = "spe-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private SshConnection admin;
  private SshConnection worker;
  private ClusterAccounts accounts;

  @BeforeEach
  void startSshd(SlurmCoordinates slurm) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "needs root to run a private sshd and add users");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    keygen(dir.resolve("host"));
    adminKey = keygen(dir.resolve("admin"));
    Files.copy(dir.resolve("admin.pub"), dir.resolve("root_keys"));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host"),
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthenticationMethods publickey",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        "AllowUsers root spe-it-*",
        "UsePAM no",
        "StrictModes no", // root_keys lies under /tmp (1777); modes of the accounts are asserted below
        "AuthorizedKeysFile .ssh/authorized_keys",
        "SetEnv SLURM_CONF=" + System.getenv().getOrDefault("SLURM_CONF", "/etc/slurm/slurm.conf"),
        "Match User root",
        "  AuthorizedKeysFile " + dir.resolve("root_keys"),
        ""));
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
          throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(50);
      }
    }
    knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
        + Files.readString(dir.resolve("host.pub")).strip() + "\n");
    admin = connect("root", adminKey);
    worker = connect("root", adminKey);
    accounts = ClusterAccounts.builder().host(admin).host(worker).auditSink(audit::add)
        .actor("site-admin").build();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (accounts != null) {
        accounts.remove(user);
      }
    } finally {
      if (admin != null) {
        admin.close();
        worker.close();
      }
      if (sshd != null) {
        sshd.destroy();
        sshd.waitFor(10, TimeUnit.SECONDS);
      }
      new ProcessBuilder("sh", "-c", "id -u " + user + " >/dev/null 2>&1 && userdel -f -r " + user
          + "; true").start().waitFor();
    }
  }

  private SshConnection connect(String name, Path key) {
    return SshConnection.builder().host("127.0.0.1").port(port).user(name).identityFile(key)
        .knownHosts(knownHosts).build();
  }

  private static Path keygen(Path file) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "it",
        "-f", file.toString()).redirectErrorStream(true).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(new String(p.getInputStream().readAllBytes()));
    }
    return file;
  }

  @Test
  void addedUserLogsInAndSubmitsRemovedUserCannot() throws Exception {
    Path k1 = keygen(dir.resolve("user1"));
    SshPublicKey pub1 = SshPublicKey.parse(Files.readString(dir.resolve("user1.pub")));
    accounts.add(user, pub1);
    accounts.add(user, pub1); // idempotent
    String home = admin.exec("getent passwd " + user + " | cut -d: -f6").stdout().strip();
    assertThat(admin.exec("stat -c %a " + home + "/.ssh " + home + "/.ssh/authorized_keys").stdout())
        .isEqualTo("700\n600\n");
    assertThat(admin.exec("grep -c . " + home + "/.ssh/authorized_keys").stdout().strip()).isEqualTo("1");
    assertThat(admin.exec("id -nG " + user).stdout()).doesNotContain("sudo");
    assertThat(accounts.list()).anySatisfy(a -> {
      assertThat(a.username()).isEqualTo(user);
      assertThat(a.hosts()).hasSize(2);
      assertThat(a.keyFingerprints()).containsExactly(pub1.fingerprint());
    });

    try (SshConnection asUser = connect(user, k1);
        SlurmSshClient slurm = SlurmSshClient.builder().connection(asUser).build()) {
      assertThat(asUser.exec("id -un").stdout().strip()).isEqualTo(user);
      assertThat(asUser.exec("sudo -n true").exitStatus()).as("no sudo").isNotZero();
      String id = slurm.submit(j -> j.name("account-it").command("id", "-un").stdout("/dev/null"));
      JobStatus done = slurm.await(id, WaiterConfig.defaults()
          .withDelays(Duration.ofMillis(200), Duration.ofSeconds(2)).withTimeout(Duration.ofSeconds(120)));
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.user()).isEqualTo(user);
    }

    Path k2 = keygen(dir.resolve("user2"));
    SshPublicKey pub2 = SshPublicKey.parse(Files.readString(dir.resolve("user2.pub")));
    accounts.rotateKey(user, pub2);
    assertThatThrownBy(() -> {
      try (SshConnection old = connect(user, k1)) {
        old.exec("true");
      }
    }).isInstanceOf(SshLoginException.class);
    try (SshConnection rotated = connect(user, k2)) {
      assertThat(rotated.exec("id -un").stdout().strip()).isEqualTo(user);
    }

    accounts.remove(user);
    accounts.remove(user); // idempotent
    assertThat(admin.exec("id " + user).exitStatus()).isNotZero();
    assertThat(accounts.list()).noneSatisfy(a -> assertThat(a.username()).isEqualTo(user));
    assertThatThrownBy(() -> {
      try (SshConnection gone = connect(user, k2)) {
        gone.exec("true");
      }
    }).isInstanceOf(SshLoginException.class);
    assertThat(audit).extracting(AuditEvent::action)
        .contains("account.add", "account.rotate-key", "account.remove");
    assertThat(audit).allSatisfy(e -> assertThat(e.actor()).isEqualTo("site-admin"));
  }

  @Test
  void unmanagedAccountsAndSymlinksAreLeftAlone() throws Exception {
    SshPublicKey pub = SshPublicKey.parse(Files.readString(dir.resolve("admin.pub")));
    assertThat(admin.exec("useradd -m " + user).exitStatus()).isZero();
    assertThatThrownBy(() -> accounts.add(user, pub))
        .isInstanceOf(RemoteCommandException.class).hasMessageContaining("not a managed account");
    assertThatThrownBy(() -> accounts.remove(user)).isInstanceOf(RemoteCommandException.class);
    assertThat(admin.exec("userdel -r " + user).exitStatus()).isZero();

    accounts.add(user, pub);
    String home = admin.exec("getent passwd " + user + " | cut -d: -f6").stdout().strip();
    String target = dir.resolve("victim").toString();
    admin.exec("echo original > " + target + " && rm " + home + "/.ssh/authorized_keys && ln -s "
        + target + " " + home + "/.ssh/authorized_keys");
    assertThatThrownBy(() -> accounts.rotateKey(user, pub))
        .isInstanceOf(RemoteCommandException.class).hasMessageContaining("symlink");
    assertThat(Files.readString(Path.of(target))).isEqualTo("original\n");
  }
}

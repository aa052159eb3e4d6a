package de.denbi.spe.compute.slurm;

import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.SlurmCoordinates;
import java.time.Duration;

/** Shared set-up of the SLURM integration tests. */
final class SlurmItSupport {
  static final WaiterConfig WAIT =
      WaiterConfig.defaults().withDelays(Duration.ofMillis(200), Duration.ofSeconds(2))
          .withTimeout(Duration.ofSeconds(120));

  private SlurmItSupport() {}

  static SshConnection ssh(SlurmCoordinates c) {
    return SshConnection.builder()
        .host(c.sshHost()).port(c.sshPort()).user(c.sshUser())
        .identityFile(c.sshPrivateKey())
        .knownHosts(c.sshKnownHosts())
        .build();
  }
}

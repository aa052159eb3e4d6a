package de.denbi.spe.testkit;

import static de.denbi.spe.testkit.internal.Redaction.secret;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the local SLURM cluster is and how to log in: SSH to the login node, and slurmrestd with
 * a JWT when it runs. {@code toString()} redacts the JWT.
 *
 * @param sshHost SSH host ({@code SPE_SLURM_SSH_HOST})
 * @param sshPort SSH port ({@code SPE_SLURM_SSH_PORT})
 * @param sshUser login user ({@code SPE_SLURM_SSH_USER})
 * @param sshPrivateKey the client's private key file, no passphrase ({@code SPE_SLURM_SSH_KEY})
 * @param sshKnownHosts a known_hosts file with the server's host key ({@code
 *     SPE_SLURM_SSH_KNOWN_HOSTS}); use it for strict host key checking
 * @param partition the partition to submit to ({@code SPE_SLURM_PARTITION})
 * @param cluster the cluster name ({@code SPE_SLURM_CLUSTER})
 * @param slurmrestdUrl slurmrestd base URL ({@code SPE_SLURMRESTD_URL}), null if not running
 * @param slurmrestdUser user for {@code X-SLURM-USER-NAME} ({@code SPE_SLURMRESTD_USER}), may be
 *     null
 * @param jwt token for {@code X-SLURM-USER-TOKEN} ({@code SPE_SLURM_JWT}), secret, may be null
 * @since 0.1.0
 */
public record SlurmCoordinates(
    String sshHost,
    int sshPort,
    String sshUser,
    Path sshPrivateKey,
    Path sshKnownHosts,
    String partition,
    String cluster,
    URI slurmrestdUrl,
    String slurmrestdUser,
    String jwt) {

  /** Checks the required components. */
  public SlurmCoordinates {
    Objects.requireNonNull(sshHost, "sshHost");
    Objects.requireNonNull(sshUser, "sshUser");
    Objects.requireNonNull(sshPrivateKey, "sshPrivateKey");
    Objects.requireNonNull(sshKnownHosts, "sshKnownHosts");
    Objects.requireNonNull(partition, "partition");
  }

  /**
   * Reads the coordinates from SLURM's env file.
   *
   * @param env the env of {@link LocalService#SLURM}
   * @return the coordinates
   * @throws ServiceEnvException if a required variable is missing
   */
  public static SlurmCoordinates from(ServiceEnv env) {
    return new SlurmCoordinates(
        env.require("SPE_SLURM_SSH_HOST"),
        env.requireInt("SPE_SLURM_SSH_PORT"),
        env.get("SPE_SLURM_SSH_USER").orElseGet(() -> env.require("SPE_SLURM_USER")),
        env.requirePath("SPE_SLURM_SSH_KEY"),
        env.requirePath("SPE_SLURM_SSH_KNOWN_HOSTS"),
        env.getOrDefault("SPE_SLURM_PARTITION", "debug"),
        env.get("SPE_SLURM_CLUSTER").orElse(null),
        env.getUri("SPE_SLURMRESTD_URL").orElse(null),
        env.get("SPE_SLURMRESTD_USER").orElse(null),
        env.get("SPE_SLURM_JWT").orElse(null));
  }

  /**
   * Whether slurmrestd runs and a token for it is there.
   *
   * @return true if {@link #slurmrestdUrl()} and {@link #jwt()} are set
   */
  public boolean hasRest() {
    return slurmrestdUrl != null && jwt != null;
  }

  @Override
  public String toString() {
    return "SlurmCoordinates[sshHost=" + sshHost + ", sshPort=" + sshPort + ", sshUser=" + sshUser
        + ", sshPrivateKey=" + sshPrivateKey + ", sshKnownHosts=" + sshKnownHosts
        + ", partition=" + partition + ", cluster=" + cluster + ", slurmrestdUrl=" + slurmrestdUrl
        + ", slurmrestdUser=" + slurmrestdUser + ", jwt=" + secret(jwt) + "]";
  }
}

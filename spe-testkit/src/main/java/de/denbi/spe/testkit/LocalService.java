package de.denbi.spe.testkit;

import java.util.Locale;

/**
 * A real service that {@code scripts/services} starts on this machine for integration tests.
 *
 * <p>Each one writes its coordinates to {@code <local dir>/<name>/env.sh} (see {@link
 * LocalServices#localDir()}).
 *
 * @since 0.1.0
 */
public enum LocalService {
  /** SLURM 22.05 (slurmctld, slurmd, slurmrestd with JWT) and an sshd login on 127.0.0.1:2222. */
  SLURM,
  /** Ceph RGW: S3, IAM and STS (AssumeRoleWithWebIdentity). */
  CEPH,
  /** Keycloak with the {@code spe} realm (an OIDC broker shaped like Life Science Login). */
  KEYCLOAK,
  /** OpenStack: Keystone alone ({@link OpenStackMode#KEYSTONE}) or with Nova, Neutron, Glance. */
  OPENSTACK;

  /**
   * The name used on the command line and for the state directory.
   *
   * @return e.g. {@code slurm}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The command that starts this service, run from the repository root.
   *
   * @return e.g. {@code scripts/services up slurm}
   */
  public String startCommand() {
    return "scripts/services up " + id();
  }

  /**
   * The command that starts this service in an OpenStack mode; the mode is ignored for the
   * other services.
   *
   * @param mode the mode needed
   * @return e.g. {@code scripts/services up openstack --mode full}
   */
  public String startCommand(OpenStackMode mode) {
    return this == OPENSTACK ? startCommand() + " --mode " + mode.id() : startCommand();
  }
}

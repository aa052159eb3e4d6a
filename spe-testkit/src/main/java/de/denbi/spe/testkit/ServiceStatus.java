package de.denbi.spe.testkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Whether a local service answers, and if not why and how to start it.
 *
 * @param service the service
 * @param openstackMode the OpenStack mode that was asked for ({@link OpenStackMode#KEYSTONE} for
 *     other services)
 * @param available true if the env file exists and the service answered
 * @param reason why it is not available, or what answered; never contains secrets
 * @param envFile the env file that was (or would have been) read, null if no local directory is
 *     known
 * @since 0.1.0
 */
public record ServiceStatus(
    LocalService service,
    OpenStackMode openstackMode,
    boolean available,
    String reason,
    Path envFile) {

  /** Checks the components. */
  public ServiceStatus {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(openstackMode, "openstackMode");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The command that starts the service in the needed mode.
   *
   * @return e.g. {@code scripts/services up ceph}
   */
  public String startCommand() {
    return service.startCommand(openstackMode);
  }

  /**
   * A one-line message for test reports, e.g. {@code SLURM is not running (no
   * /repo/.spe-local/slurm/env.sh): start it with scripts/services up slurm}.
   *
   * @return the message
   */
  public String message() {
    String name = service == LocalService.OPENSTACK && openstackMode == OpenStackMode.FULL
        ? "OPENSTACK (full mode)" : service.name();
    return available
        ? name + " is running (" + reason + ")"
        : name + " is not running (" + reason + "): start it with " + startCommand();
  }
}

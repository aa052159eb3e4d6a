package de.denbi.spe.compute.openstack;

/**
 * A Glance image.
 *
 * @param id its id
 * @param name its name
 * @param status e.g. {@code active}
 * @param minDiskGb the smallest root disk it needs, GB
 * @param minRamMb the least RAM it needs, MB
 * @since 0.1.0
 */
public record Image(String id, String name, String status, long minDiskGb, long minRamMb) {

  /**
   * Whether servers can boot from it.
   *
   * @return true if active
   */
  public boolean active() {
    return "active".equalsIgnoreCase(status);
  }
}

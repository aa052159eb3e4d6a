package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A volume attached to an instance ({@code volumes[]}).
 *
 * @param name the volume's name (required with {@code exists})
 * @param id an existing volume's id
 * @param snapshot a snapshot to create it from
 * @param permanent never deleted
 * @param semiPermanent deleted when the cluster is terminated
 * @param exists an existing volume, found by name (count must be 1)
 * @param mountPoint where it is mounted (absolute), or null for not mounted
 * @param size its size in GB (BiBiGrid default 50)
 * @param fstype file system, e.g. {@code ext4}
 * @param type the storage type of the site, e.g. {@code CEPH_NVME}
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Volume(
    String name,
    String id,
    String snapshot,
    Boolean permanent,
    Boolean semiPermanent,
    Boolean exists,
    String mountPoint,
    Integer size,
    String fstype,
    String type) {

  /**
   * The size BiBiGrid uses.
   *
   * @return {@link #size()} or 50
   */
  public int effectiveSize() {
    return size == null ? 50 : size;
  }
}

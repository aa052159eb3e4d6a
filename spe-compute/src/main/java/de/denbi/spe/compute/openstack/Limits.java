package de.denbi.spe.compute.openstack;

/**
 * A project's quota and usage. {@code -1} as a maximum means unlimited; {@code -1} as usage
 * means unknown (e.g. no block storage service in the catalog).
 *
 * @param maxCores cores allowed
 * @param usedCores cores in use
 * @param maxRamMb RAM allowed, MB
 * @param usedRamMb RAM in use, MB
 * @param maxInstances servers allowed
 * @param usedInstances servers in use
 * @param maxVolumes volumes allowed (-1 also when unknown)
 * @param usedVolumes volumes in use
 * @param maxVolumeGb volume gigabytes allowed
 * @param usedVolumeGb volume gigabytes in use
 * @param volumesKnown whether the block storage limits could be read
 * @since 0.1.0
 */
public record Limits(
    long maxCores,
    long usedCores,
    long maxRamMb,
    long usedRamMb,
    long maxInstances,
    long usedInstances,
    long maxVolumes,
    long usedVolumes,
    long maxVolumeGb,
    long usedVolumeGb,
    boolean volumesKnown) {

  /**
   * What is left of a quota.
   *
   * @param max the maximum (-1 unlimited)
   * @param used the usage
   * @return the rest, {@link Long#MAX_VALUE} if unlimited
   */
  public static long free(long max, long used) {
    return max < 0 ? Long.MAX_VALUE : Math.max(0, max - Math.max(0, used));
  }
}

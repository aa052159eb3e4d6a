package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A group of servers of one flavor and image: the master ({@code masterInstance}), a VPN gateway
 * ({@code vpnInstance}) or workers ({@code workerInstances[]}).
 *
 * @param type the flavor name
 * @param image the image name, id or a regular expression matching an active image
 * @param count how many (workers; 1 for master and VPN; BiBiGrid default 1)
 * @param onDemand whether SLURM powers them up on demand (default true)
 * @param partitions SLURM partitions they belong to
 * @param features SLURM features they have
 * @param securityGroups extra security groups
 * @param bootVolume where they boot from
 * @param volumes attached volumes
 * @param meta OpenStack metadata (keys and values at most 255 characters)
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Instance(
    String type,
    String image,
    Integer count,
    Boolean onDemand,
    List<String> partitions,
    List<String> features,
    List<String> securityGroups,
    BootVolume bootVolume,
    List<Volume> volumes,
    Map<String, String> meta) {

  /** Normalises the collections (never null). */
  public Instance {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    features = features == null ? List.of() : List.copyOf(features);
    securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    meta = meta == null ? Map.of() : Map.copyOf(meta);
  }

  /**
   * A group of servers with only flavor, image and count.
   *
   * @param type the flavor
   * @param image the image
   * @param count how many
   * @return the instance group
   */
  public static Instance of(String type, String image, int count) {
    return new Instance(type, image, count, null, null, null, null, null, null, null);
  }

  /**
   * The number of servers BiBiGrid creates.
   *
   * @return {@link #count()} or 1
   */
  public int effectiveCount() {
    return count == null ? 1 : count;
  }
}

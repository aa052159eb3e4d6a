package de.denbi.spe.compute.openstack;

import java.util.List;

/**
 * A Neutron network.
 *
 * @param id its id
 * @param name its name
 * @param status e.g. {@code ACTIVE}
 * @param external whether it is an external (floating IP) network
 * @param subnetIds its subnets
 * @since 0.1.0
 */
public record Network(String id, String name, String status, boolean external, List<String> subnetIds) {
  /** Copies the list. */
  public Network {
    subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
  }
}

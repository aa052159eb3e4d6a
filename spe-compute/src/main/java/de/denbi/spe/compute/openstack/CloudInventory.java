package de.denbi.spe.compute.openstack;

import java.util.List;

/**
 * What a cloud offers a project: the part of {@link OpenStackClient} that {@link Preflight}
 * reads. Implement it to check configurations against a recorded inventory.
 *
 * @since 0.1.0
 */
public interface CloudInventory {

  /**
   * The flavors the project may use.
   *
   * @return the flavors
   */
  List<Flavor> flavors();

  /**
   * The images the project sees.
   *
   * @return the images
   */
  List<Image> images();

  /**
   * The networks the project sees.
   *
   * @return the networks
   */
  List<Network> networks();

  /**
   * The subnets the project sees.
   *
   * @return the subnets
   */
  List<Subnet> subnets();

  /**
   * The project's security groups.
   *
   * @return the groups
   */
  List<SecurityGroup> securityGroups();

  /**
   * The project's quota and usage.
   *
   * @return the limits
   */
  Limits limits();
}

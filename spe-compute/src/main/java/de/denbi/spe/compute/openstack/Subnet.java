package de.denbi.spe.compute.openstack;

/**
 * A Neutron subnet.
 *
 * @param id its id
 * @param name its name
 * @param networkId the network it belongs to
 * @param cidr its address range
 * @since 0.1.0
 */
public record Subnet(String id, String name, String networkId, String cidr) {}

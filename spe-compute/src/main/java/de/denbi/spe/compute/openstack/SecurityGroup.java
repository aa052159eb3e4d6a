package de.denbi.spe.compute.openstack;

/**
 * A Neutron security group.
 *
 * @param id its id
 * @param name its name
 * @param description its description
 * @since 0.1.0
 */
public record SecurityGroup(String id, String name, String description) {}

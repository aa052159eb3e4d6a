package de.denbi.spe.compute.openstack;

/**
 * A Nova flavor.
 *
 * @param id its id
 * @param name its name, e.g. {@code de.NBI.small}
 * @param vcpus virtual CPUs
 * @param ramMb RAM in MB
 * @param diskGb root disk in GB (0: boot from volume)
 * @since 0.1.0
 */
public record Flavor(String id, String name, int vcpus, int ramMb, int diskGb) {}

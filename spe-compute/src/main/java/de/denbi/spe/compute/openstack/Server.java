package de.denbi.spe.compute.openstack;

/**
 * A Nova server.
 *
 * @param id its id
 * @param name its name
 * @param status e.g. {@code ACTIVE}, {@code BUILD}, {@code ERROR}
 * @param flavorId its flavor
 * @param imageId its image (empty when booted from a volume)
 * @since 0.1.0
 */
public record Server(String id, String name, String status, String flavorId, String imageId) {}

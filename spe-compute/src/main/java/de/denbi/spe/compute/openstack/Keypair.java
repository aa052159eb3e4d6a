package de.denbi.spe.compute.openstack;

/**
 * A Nova key pair (public key only).
 *
 * @param name its name
 * @param fingerprint its fingerprint
 * @since 0.1.0
 */
public record Keypair(String name, String fingerprint) {}

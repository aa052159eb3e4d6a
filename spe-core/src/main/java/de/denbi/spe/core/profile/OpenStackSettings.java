package de.denbi.spe.core.profile;

import java.net.URI;

/**
 * The site's OpenStack cloud.
 *
 * @param authUrl the Keystone v3 URL
 * @param region the region, or {@code null} for the only one
 * @since 0.1.0
 */
public record OpenStackSettings(URI authUrl, String region) {}

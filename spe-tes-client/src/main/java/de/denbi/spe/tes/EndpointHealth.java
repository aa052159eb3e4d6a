package de.denbi.spe.tes;

import java.time.Instant;

/**
 * Whether an endpoint answered its service-info at the last check.
 *
 * @param endpoint the endpoint's name
 * @param healthy true if it answered
 * @param version the TES version it declared ({@link TesApiVersion#UNKNOWN} if none or down)
 * @param checkedAt when it was checked
 * @param problem why it is unhealthy (a redacted message), or null
 * @since 0.1.0
 */
public record EndpointHealth(
    String endpoint, boolean healthy, TesApiVersion version, Instant checkedAt, String problem) {}

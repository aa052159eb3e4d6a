package de.denbi.spe.compute.bibigrid;

/**
 * BiBiGrid's verdict on a configuration ({@code POST /bibigrid/validate}).
 *
 * @param success whether it is valid against the cloud
 * @param message BiBiGrid's message
 * @param clusterId the cluster id the validation ran under (its log is {@code log(clusterId)})
 * @param log the tail of that log when validation failed (what was wrong), else empty
 * @since 0.1.0
 */
public record ValidationResult(boolean success, String message, String clusterId, String log) {}

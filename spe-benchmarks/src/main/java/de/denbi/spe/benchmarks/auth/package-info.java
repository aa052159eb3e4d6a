/**
 * Benchmarks of spe-auth: local JWT validation against plain Nimbus, and the single-flight
 * refresh of {@code RefreshingTokenSource} under 1,000 concurrent callers.
 */
package de.denbi.spe.benchmarks.auth;

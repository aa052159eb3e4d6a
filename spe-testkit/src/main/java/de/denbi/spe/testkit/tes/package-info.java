/**
 * {@link de.denbi.spe.testkit.tes.FakeTesServer}: a stateful in-JVM GA4GH TES server for tests,
 * with TES 1.0/1.1 modes, TESK and Funnel dialects, auth, paging and fault injection.
 */
package de.denbi.spe.testkit.tes;

/**
 * {@link de.denbi.spe.testkit.wes.FakeWesServer}: a stateful in-JVM GA4GH WES server (WES 1.0.0,
 * 1.1.0 and WESkit's dialect) for tests of code that talks to WES.
 */
package de.denbi.spe.testkit.wes;

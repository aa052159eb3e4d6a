/**
 * Test support for code built on the SPE SDK: JUnit 5 access to the real local services that
 * {@code scripts/services} starts ({@link de.denbi.spe.testkit.RequiresLocalService}, {@link
 * de.denbi.spe.testkit.LocalServices}, typed coordinates), and in-JVM fixtures for S3 ({@link
 * de.denbi.spe.testkit.S3ProxyFixture}) and OpenID Connect ({@link
 * de.denbi.spe.testkit.MockOAuth2Fixture}).
 *
 * @since 0.1.0
 */
package de.denbi.spe.testkit;

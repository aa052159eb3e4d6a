/**
 * Benchmarks of spe-tes-client, run with {@code java -cp spe-benchmarks/target/benchmarks.jar
 * de.denbi.spe.benchmarks.tes.RunTesBenchmarks [get|await|all]} after {@code ./mvnw -B -pl
 * spe-benchmarks -am package}:
 *
 * <ul>
 *   <li>{@code get}: {@link de.denbi.spe.benchmarks.tes.TesGetTaskBenchmark} (JMH), one {@code
 *       getTask(id, BASIC)} through the client vs raw OkHttp + Jackson into the same record;
 *       prints the ratio (target at most 1.10) and the bytes allocated per call;</li>
 *   <li>{@code await}: {@link de.denbi.spe.benchmarks.tes.TesAwaitManyBenchmark}, 1,000 tasks
 *       awaited at once through {@code waitForAllAsync} vs a platform thread per task, the
 *       server in its own JVM, platform threads counted (target at most 8).</li>
 * </ul>
 *
 * <p>Results of runs on the shared 2-core machine are in the spe-tes-client section of the
 * top-level README.
 */
package de.denbi.spe.benchmarks.tes;

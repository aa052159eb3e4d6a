/**
 * spe-storage benchmarks: Crypt4GH throughput on one core (JMH, compared with
 * {@code openssl speed -evp chacha20-poly1305} by {@code spe-benchmarks/storage/crypt4gh-bench.sh}),
 * and {@link de.denbi.spe.benchmarks.storage.TransferMain}, the SDK side of the whole-process
 * transfer benchmark against rclone and the AWS CLI ({@code spe-benchmarks/storage/transfer-bench.sh}).
 */
package de.denbi.spe.benchmarks.storage;

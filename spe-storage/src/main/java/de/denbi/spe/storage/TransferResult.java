package de.denbi.spe.storage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The outcome of one object's transfer.
 *
 * @param bucket the bucket
 * @param key the key
 * @param localPath the local file, or {@code null} for stream transfers
 * @param bytes the object's size
 * @param sha256 the object's SHA-256 (hex), or {@code null} when none was recorded
 * @param verified whether the data was checked against the recorded SHA-256 (downloads)
 * @param skipped whether it was skipped as unchanged (sync mode)
 * @param resumedParts parts of an earlier interrupted upload that were reused
 * @param duration how long it took
 * @since 0.1.0
 */
public record TransferResult(
    String bucket,
    String key,
    Path localPath,
    long bytes,
    String sha256,
    boolean verified,
    boolean skipped,
    int resumedParts,
    Duration duration) {

  /**
   * The average rate.
   *
   * @return bytes per second
   */
  public double bytesPerSecond() {
    double s = duration.toNanos() / 1e9;
    return s <= 0 ? 0 : bytes / s;
  }
}

package de.denbi.spe.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a transfer is.
 *
 * @param bytesTransferred bytes moved so far (of all files, for a tree)
 * @param totalBytes bytes to move in all, or {@code -1} when unknown (a stream)
 * @param bytesPerSecond the average rate since the start
 * @param elapsed time since the start
 * @param eta estimated time left, or {@code null} when the total is unknown
 * @since 0.1.0
 */
public record TransferProgress(
    long bytesTransferred, long totalBytes, double bytesPerSecond, Duration elapsed, Duration eta) {

  /**
   * The estimated time left.
   *
   * @return the estimate, if the total is known
   */
  public Optional<Duration> etaIfKnown() {
    return Optional.ofNullable(eta);
  }

  /**
   * The fraction done.
   *
   * @return 0..1, or -1 when the total is unknown
   */
  public double fraction() {
    if (totalBytes < 0) {
      return -1;
    }
    return totalBytes == 0 ? 1.0 : Math.min(1.0, (double) bytesTransferred / totalBytes);
  }
}

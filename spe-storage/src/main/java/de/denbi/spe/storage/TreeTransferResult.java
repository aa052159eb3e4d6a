package de.denbi.spe.storage;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a directory-tree transfer.
 *
 * @param files one result per file (transferred or skipped)
 * @param duration how long it took
 * @since 0.1.0
 */
public record TreeTransferResult(List<TransferResult> files, Duration duration) {
  /** Copies the list. */
  public TreeTransferResult {
    files = List.copyOf(files);
  }

  /**
   * Files actually transferred.
   *
   * @return the count
   */
  public long transferred() {
    return files.stream().filter(f -> !f.skipped()).count();
  }

  /**
   * Files skipped as unchanged.
   *
   * @return the count
   */
  public long skipped() {
    return files.stream().filter(TransferResult::skipped).count();
  }

  /**
   * Bytes actually transferred.
   *
   * @return the sum
   */
  public long bytes() {
    return files.stream().filter(f -> !f.skipped()).mapToLong(TransferResult::bytes).sum();
  }
}

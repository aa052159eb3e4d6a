package de.denbi.spe.storage;

/**
 * Receives progress of a transfer, for a progress bar: at most ten times a second and once at
 * the end. Called from transfer threads; must be quick and thread-safe. An exception it throws
 * is logged and does not stop the transfer.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Progress so far.
   *
   * @param progress bytes, rate and estimated time left
   */
  void onProgress(TransferProgress progress);
}

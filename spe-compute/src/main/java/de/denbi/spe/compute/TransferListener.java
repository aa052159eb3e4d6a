package de.denbi.spe.compute;

/**
 * Told about the progress of an SFTP transfer. Called on the transferring thread; keep it quick.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TransferListener {

  /**
   * Bytes were transferred.
   *
   * @param path the remote path
   * @param transferred bytes so far
   * @param total the size, or {@code -1} if unknown
   */
  void progress(String path, long transferred, long total);

  /**
   * A listener that ignores progress.
   *
   * @return the listener
   */
  static TransferListener none() {
    return (p, t, n) -> {};
  }
}

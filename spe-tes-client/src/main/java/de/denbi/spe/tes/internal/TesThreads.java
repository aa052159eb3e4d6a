package de.denbi.spe.tes.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Virtual threads for the client's background work (final fetches, federation fan-out). */
public final class TesThreads {
  private static final ExecutorService VIRTUAL =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("spe-tes-", 0).factory());

  private TesThreads() {}

  /**
   * A virtual thread per task; never shut down (virtual threads hold no resources when idle).
   *
   * @return the executor
   */
  public static ExecutorService virtual() {
    return VIRTUAL;
  }
}

package de.denbi.spe.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Where async waits run: a virtual thread each. */
public final class WaiterThreads {
  private static final Executor WAITS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("spe-wait-", 0).factory());

  private WaiterThreads() {}

  /**
   * The shared executor for async waits.
   *
   * @return a virtual thread per wait
   */
  public static Executor executor() {
    return WAITS;
  }
}

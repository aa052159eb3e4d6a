package de.denbi.spe.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The shared threads of async waits: one daemon scheduler, virtual threads for polls. */
public final class WaiterThreads {
  private static final ScheduledExecutorService SCHEDULER = createScheduler();
  private static final Executor POLLS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("spe-wait-poll-", 0).factory());

  private WaiterThreads() {}

  private static ScheduledExecutorService createScheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "spe-wait-scheduler");
              t.setDaemon(true);
              return t;
            });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /**
   * The shared scheduler.
   *
   * @return one daemon thread
   */
  public static ScheduledExecutorService scheduler() {
    return SCHEDULER;
  }

  /**
   * The shared executor for polls.
   *
   * @return a virtual thread per poll
   */
  public static Executor pollExecutor() {
    return POLLS;
  }
}

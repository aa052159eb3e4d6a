package de.denbi.spe.storage.internal;

import de.denbi.spe.storage.ProgressListener;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TransferProgress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts bytes and reports progress at most once per the call's progress interval (100 ms by
 * default), plus once at the end.
 */
public final class ProgressTracker {
  private final long intervalNanos;
  private final ProgressListener listener;
  private final long start = System.nanoTime();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lastReport = new AtomicLong(start);
  private volatile long total;

  /**
   * A tracker for one transfer call.
   *
   * @param options the call's options: its listener (none when null) and the least time between
   *     two reports (zero: every update)
   * @param total the total bytes, or -1 when unknown
   */
  public ProgressTracker(TransferOptions options, long total) {
    this.intervalNanos = options.progressInterval().toNanos();
    this.listener = options.progress();
    this.total = total;
  }

  /**
   * Sets the total once it is known (a single download learns it from the first reply).
   *
   * @param total bytes
   */
  public void setTotal(long total) {
    this.total = total;
  }

  /**
   * Counts transferred bytes and maybe reports.
   *
   * @param n bytes
   */
  public void add(long n) {
    long now = bytes.addAndGet(n);
    if (listener == null) {
      return;
    }
    long t = System.nanoTime();
    long last = lastReport.get();
    if (t - last >= intervalNanos && lastReport.compareAndSet(last, t)) {
      report(now, t);
    }
  }

  /** Reports the final state. */
  public void finish() {
    if (listener != null) {
      report(bytes.get(), System.nanoTime());
    }
  }

  /**
   * Bytes counted so far.
   *
   * @return bytes
   */
  public long bytes() {
    return bytes.get();
  }

  /**
   * Time since the start.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private void report(long done, long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / secs;
    long tot = total;
    Duration eta = null;
    if (tot >= 0 && rate > 0) {
      eta = Duration.ofMillis((long) (Math.max(0, tot - done) / rate * 1000));
    }
    try {
      listener.onProgress(new TransferProgress(done, tot, rate, Duration.ofNanos(now - start), eta));
    } catch (RuntimeException e) {
      System.getLogger(ProgressTracker.class.getName())
          .log(System.Logger.Level.WARNING, "progress listener failed", e);
    }
  }
}

package de.denbi.spe.storage.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Reusable byte arrays for transfers of many small objects, so that moving a thousand 1 MiB
 * files does not allocate a thousand 1 MiB arrays. With G1 an array of half a region or more
 * (512 KiB in a small heap) is a humongous object, and a stream of them starts one concurrent
 * collection after another: each one marks and re-arms every compiled method's entry barrier,
 * which cost 6 % of an upload's CPU before this pool.
 *
 * <p>Arrays come in power-of-two size classes from 64 KiB up to {@link #MAX_POOLED}; larger
 * requests get a fresh array that is never kept. At most {@code maxPooledBytes} are kept idle.
 * A caller gives an array back only when nothing else can still read it (not after an
 * interrupted or timed-out request whose body may still be in flight). Thread-safe.
 */
public final class BufferPool {
  /** The largest array kept for reuse. */
  public static final int MAX_POOLED = 4 * 1024 * 1024;
  private static final int MIN_CLASS = 64 * 1024;
  private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_POOLED)
      - Integer.numberOfTrailingZeros(MIN_CLASS) + 1;

  private final long maxPooledBytes;
  private final AtomicLong pooledBytes = new AtomicLong();
  private final List<ConcurrentLinkedDeque<byte[]>> free;

  /**
   * Creates a pool.
   *
   * @param maxPooledBytes the most bytes kept idle (0 keeps nothing)
   */
  public BufferPool(long maxPooledBytes) {
    this.maxPooledBytes = Math.max(0, maxPooledBytes);
    this.free = Stream.generate(ConcurrentLinkedDeque<byte[]>::new).limit(CLASSES).toList();
  }

  /** The size class index of a length, or -1 when it is not pooled. */
  private static int classOf(int length) {
    if (length > MAX_POOLED) {
      return -1;
    }
    int size = Math.max(MIN_CLASS, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
    return Integer.numberOfTrailingZeros(size) - Integer.numberOfTrailingZeros(MIN_CLASS);
  }

  /**
   * An array of at least {@code minLength} bytes, reused when one is free. Its content is
   * whatever the last user left in it.
   *
   * @param minLength the least length needed
   * @return the array
   */
  public byte[] take(int minLength) {
    if (minLength < 0) {
      throw new IllegalArgumentException("negative length " + minLength);
    }
    int c = classOf(minLength);
    if (c < 0) {
      return new byte[minLength];
    }
    byte[] b = free.get(c).pollFirst();
    if (b != null) {
      pooledBytes.addAndGet(-b.length);
      return b;
    }
    return new byte[MIN_CLASS << c];
  }

  /**
   * Gives an array back for reuse; dropped when it is not one of the pool's sizes or the pool
   * holds enough already.
   *
   * @param b the array (null is ignored)
   */
  public void give(byte[] b) {
    if (b == null || b.length < MIN_CLASS || b.length > MAX_POOLED
        || Integer.bitCount(b.length) != 1) {
      return;
    }
    long now = pooledBytes.addAndGet(b.length);
    if (now > maxPooledBytes) {
      pooledBytes.addAndGet(-b.length);
      return;
    }
    free.get(classOf(b.length)).offerFirst(b);
  }

  /**
   * Bytes kept idle now.
   *
   * @return the bytes
   */
  public long pooledBytes() {
    return pooledBytes.get();
  }
}

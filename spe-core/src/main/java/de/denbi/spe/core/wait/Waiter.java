package de.denbi.spe.core.wait;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.WaitTimeoutException;
import de.denbi.spe.core.internal.WaiterThreads;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls something (a WES run, a TES task, a SLURM job, a cluster) with backoff until it reaches
 * a terminal state or a deadline. Shared by every client module.
 *
 * <p>{@link #await()} blocks the calling thread. {@link #awaitAsync()} returns at once and runs
 * the wait on a virtual thread, so thousands of waits need no platform thread each (only the
 * JDK's carrier threads); cancelling the future interrupts it and stops the polling.
 *
 * <p>A poll that throws a {@linkplain SpeException#retryable() retryable} exception (a dropped
 * connection, a 503) is tolerated up to {@link WaiterConfig#maxConsecutiveErrors()} times in a
 * row; any other exception ends the wait with it.
 *
 * <pre>{@code
 * RunStatus done = Waiter.builder("WES run " + id, () -> wes.status(id))
 *     .until(s -> s.state().isTerminal())
 *     .onProgress(s -> System.out.println(s.state()))
 *     .config(WaiterConfig.defaults().withTimeout(Duration.ofHours(2)))
 *     .build()
 *     .await();
 * }</pre>
 *
 * @param <T> what a poll returns
 * @since 0.1.0
 */
public final class Waiter<T> {
  private final String description;
  private final Supplier<T> poll;
  private final Predicate<? super T> done;
  private final Consumer<? super T> progress;
  private final Function<? super T, String> stateName;
  private final WaiterConfig config;
  private final Executor executor;

  private Waiter(Builder<T> b) {
    this.description = b.description;
    this.poll = b.poll;
    this.done = Objects.requireNonNull(b.done, "until(...) is required");
    this.progress = b.progress;
    this.stateName = b.stateName;
    this.config = b.config;
    this.executor = b.executor != null ? b.executor : WaiterThreads.executor();
  }

  /**
   * Starts building a waiter.
   *
   * @param description what is awaited, for messages (e.g. {@code "TES task abc"})
   * @param poll fetches the current state; called from one thread at a time
   * @param <T> what a poll returns
   * @return the builder
   */
  public static <T> Builder<T> builder(String description, Supplier<T> poll) {
    return new Builder<>(description, poll);
  }

  /**
   * Polls on the calling thread until done.
   *
   * @return the first value that satisfied the condition
   * @throws WaitTimeoutException at the deadline
   * @throws CancellationException if the thread is interrupted (the interrupt flag is kept)
   * @throws SpeException if a poll failed with a non-retryable error, or too many in a row
   */
  public T await() {
    long start = System.nanoTime();
    long deadline = start + config.timeout().toNanos();
    State st = new State();
    for (int n = 1; ; n++) {
      T value = pollOnce(st);
      if (value != null && done.test(value)) {
        return value;
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        throw timeout(start, st);
      }
      long sleepNanos = Math.min(jitter(config.delayAfter(n)).toNanos(), deadline - now);
      try {
        TimeUnit.NANOSECONDS.sleep(Math.max(sleepNanos, 0));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException ce = new CancellationException("Waiting for " + description + " was interrupted");
        ce.initCause(e);
        throw ce;
      }
    }
  }

  /**
   * Polls in the background. The future completes with the first value that satisfies the
   * condition, or exceptionally with {@link WaitTimeoutException} or the poll's exception.
   * Cancelling it stops the polling (the awaited resource itself is not cancelled).
   *
   * @return the future
   */
  public CompletableFuture<T> awaitAsync() {
    CompletableFuture<T> future = new CompletableFuture<>();
    AtomicReference<Thread> runner = new AtomicReference<>();
    future.whenComplete(
        (v, e) -> {
          Thread t = runner.get();
          if (future.isCancelled() && t != null) {
            t.interrupt(); // stops the sleep (or the poll in flight) at once
          }
        });
    executor.execute(
        () -> {
          runner.set(Thread.currentThread());
          if (future.isDone()) {
            return;
          }
          try {
            future.complete(await());
          } catch (CancellationException e) {
            future.cancel(false);
          } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
          } finally {
            runner.set(null);
            Thread.interrupted(); // a cancel racing with completion must not leak into the pool
          }
        });
    return future;
  }

  private final class State {
    int errorsInRow;
    String lastState;
  }

  private T pollOnce(State st) {
    T value;
    try {
      value = poll.get();
    } catch (SpeException e) {
      if (e.retryable() && st.errorsInRow < config.maxConsecutiveErrors()) {
        st.errorsInRow++;
        return null;
      }
      throw e;
    }
    st.errorsInRow = 0;
    if (value != null) {
      st.lastState = stateName.apply(value);
      progress.accept(value);
    }
    return value;
  }

  private WaitTimeoutException timeout(long startNanos, State st) {
    return new WaitTimeoutException(
        description, Duration.ofNanos(System.nanoTime() - startNanos), st.lastState);
  }

  private static Duration jitter(Duration d) {
    long ms = d.toMillis();
    long j = ms / 10;
    return j == 0 ? d : Duration.ofMillis(ms - j + ThreadLocalRandom.current().nextLong(2 * j + 1));
  }

  /**
   * Builds a {@link Waiter}.
   *
   * @param <T> what a poll returns
   * @since 0.1.0
   */
  public static final class Builder<T> {
    private final String description;
    private final Supplier<T> poll;
    private Predicate<? super T> done;
    private Consumer<? super T> progress = v -> {};
    private Function<? super T, String> stateName = String::valueOf;
    private WaiterConfig config = WaiterConfig.defaults();
    private Executor executor;

    private Builder(String description, Supplier<T> poll) {
      this.description = Objects.requireNonNull(description, "description");
      this.poll = Objects.requireNonNull(poll, "poll");
    }

    /**
     * When to stop: the terminal-state condition.
     *
     * @param condition true for a value that ends the wait
     * @return this builder
     */
    public Builder<T> until(Predicate<? super T> condition) {
      this.done = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Called with every polled value (on the polling thread), e.g. for a progress display.
     *
     * @param listener the callback
     * @return this builder
     */
    public Builder<T> onProgress(Consumer<? super T> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How a value is named in a timeout message (default {@code toString()}).
     *
     * @param name the naming function
     * @return this builder
     */
    public Builder<T> stateName(Function<? super T, String> name) {
      this.stateName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Delays and timeout.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder<T> config(WaiterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Where {@link #awaitAsync()} runs each wait, polls and pauses (default: one virtual thread
     * per wait, so thousands of waits need no platform thread each). An executor of platform
     * threads holds one thread per wait for its whole duration.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder<T> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the waiter.
     *
     * @return the waiter
     */
    public Waiter<T> build() {
      return new Waiter<>(this);
    }
  }
}

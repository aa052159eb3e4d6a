package de.denbi.spe.core.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.WaitTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WaiterTest {
  private static final WaiterConfig FAST =
      new WaiterConfig(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, Duration.ofSeconds(10), 3);

  private static ServiceErrorDetails details(int status) {
    return new ServiceErrorDetails("TES", "GET", "http://x/tasks/1", status, null, "boom", null, null);
  }

  @Test
  void pollsUntilTerminalAndReportsProgress() {
    AtomicInteger n = new AtomicInteger();
    List<String> seen = new CopyOnWriteArrayList<>();
    String result =
        Waiter.builder("task 1", () -> n.incrementAndGet() < 4 ? "RUNNING" : "COMPLETE")
            .until("COMPLETE"::equals)
            .onProgress(seen::add)
            .config(FAST)
            .build()
            .await();
    assertThat(result).isEqualTo("COMPLETE");
    assertThat(seen).containsExactly("RUNNING", "RUNNING", "RUNNING", "COMPLETE");
  }

  @Test
  void timesOutWithTheLastState() {
    WaiterConfig shortWait = FAST.withTimeout(Duration.ofMillis(150));
    assertThatThrownBy(
            () -> Waiter.builder("run 7", () -> "QUEUED").until("COMPLETE"::equals).config(shortWait).build().await())
        .isInstanceOfSatisfying(
            WaitTimeoutException.class,
            e -> {
              assertThat(e.lastState()).isEqualTo("QUEUED");
              assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
              assertThat(e.getMessage()).contains("run 7").contains("QUEUED").contains("may still finish");
            });
  }

  @Test
  void asyncTimesOut() {
    CompletableFuture<String> f =
        Waiter.builder("run 8", () -> "RUNNING")
            .until("COMPLETE"::equals)
            .config(FAST.withTimeout(Duration.ofMillis(100)))
            .build()
            .awaitAsync();
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(WaitTimeoutException.class);
  }

  @Test
  void cancellingTheFutureStopsPolling() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    CompletableFuture<String> f =
        Waiter.builder("run 9", () -> {
              polls.incrementAndGet();
              return "RUNNING";
            })
            .until("COMPLETE"::equals)
            .config(FAST)
            .build()
            .awaitAsync();
    while (polls.get() < 3) {
      Thread.sleep(5);
    }
    assertThat(f.cancel(true)).isTrue();
    Thread.sleep(60); // let a poll that was already running finish
    int after = polls.get();
    Thread.sleep(200); // ten times the largest delay
    assertThat(polls.get()).isEqualTo(after);
    assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void interruptingASyncWaitCancelsIt() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Waiter.builder("job 3", () -> "PENDING")
                        .until("DONE"::equals)
                        .config(FAST.withDelays(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                        .build()
                        .await();
                  } catch (RuntimeException e) {
                    thrown.set(e);
                    flagKept.set(Thread.currentThread().isInterrupted());
                  }
                });
    Thread.sleep(100);
    t.interrupt();
    t.join(2000);
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class).hasMessageContaining("job 3");
    assertThat(flagKept.get()).isTrue();
  }

  @Test
  void retryableErrorsAreToleratedUpToTheLimit() {
    AtomicInteger n = new AtomicInteger();
    String result =
        Waiter.builder("task 2", () -> {
              if (n.incrementAndGet() <= 3) {
                throw new ServerErrorException(details(503));
              }
              return "COMPLETE";
            })
            .until("COMPLETE"::equals)
            .config(FAST)
            .build()
            .await();
    assertThat(result).isEqualTo("COMPLETE");

    AtomicInteger m = new AtomicInteger();
    assertThatThrownBy(
            () -> Waiter.builder("task 3", () -> {
                  m.incrementAndGet();
                  throw new ServerErrorException(details(503));
                })
                .until(x -> true)
                .config(FAST)
                .build()
                .await())
        .isInstanceOf(ServerErrorException.class);
    assertThat(m.get()).isEqualTo(4); // 3 tolerated + the one that ends it
  }

  @Test
  void nonRetryableErrorsEndTheWaitAtOnce() {
    AtomicInteger n = new AtomicInteger();
    CompletableFuture<Object> f =
        Waiter.builder("task 4", () -> {
              n.incrementAndGet();
              throw new BadRequestException(details(400));
            })
            .until(x -> true)
            .config(FAST)
            .build()
            .awaitAsync();
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(BadRequestException.class);
    assertThat(n.get()).isEqualTo(1);
  }

  @Test
  void manyAsyncWaitsShareFewThreads() throws Exception {
    int waits = 500;
    AtomicInteger polls = new AtomicInteger();
    long platformBefore = platformThreads();
    List<CompletableFuture<Integer>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < waits; i++) {
      AtomicInteger mine = new AtomicInteger();
      futures.add(
          Waiter.builder("w" + i, () -> {
                polls.incrementAndGet();
                return mine.incrementAndGet();
              })
              .until(v -> v >= 3)
              .config(FAST)
              .build()
              .awaitAsync());
    }
    long platformDuring = platformThreads();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(futures).allSatisfy(f -> assertThat(f.join()).isEqualTo(3));
    assertThat(polls.get()).isEqualTo(3 * waits);
    // one scheduler thread plus the virtual-thread carriers, not a thread per wait
    assertThat(platformDuring - platformBefore).isLessThan(20);
  }

  private static long platformThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual()).count();
  }

  @Test
  void configIsValidated() {
    assertThatThrownBy(() -> new WaiterConfig(Duration.ZERO, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1))
        .hasMessageContaining("wait.initialDelay");
    assertThatThrownBy(() -> new WaiterConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 1))
        .hasMessageContaining("wait.multiplier");
    assertThat(FAST.delayAfter(100)).isEqualTo(Duration.ofMillis(20));
  }
}

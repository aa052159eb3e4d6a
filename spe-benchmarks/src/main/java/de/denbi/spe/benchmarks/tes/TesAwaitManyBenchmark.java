package de.denbi.spe.benchmarks.tes;

import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.tes.TesClient;
import de.denbi.spe.tes.TesExecutor;
import de.denbi.spe.tes.TesState;
import de.denbi.spe.tes.TesTask;
import de.denbi.spe.tes.TesView;
import de.denbi.spe.tes.WaitOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole-process benchmark: awaiting {@code N} (default 1,000) TES tasks at once, and how many
 * platform threads that takes in the client's JVM. The TES server runs in a separate JVM ({@link
 * TesBenchServer#main}), so every platform thread counted here belongs to the client side. Each
 * task completes after 5 polls.
 *
 * <p>Two ways, in the same run:
 *
 * <ul>
 *   <li>{@code sdk}: {@link TesClient#waitForAllAsync} (spe-core's {@code Waiter}: one shared
 *       scheduler thread, polls on virtual threads);</li>
 *   <li>{@code thread-per-task} (the baseline): one platform thread per task calling the blocking
 *       {@link TesClient#waitFor(String, WaitOptions)}.</li>
 * </ul>
 *
 * <p>For each it prints the wall time, the peak number of live platform threads (JMX {@code
 * ThreadMXBean}; virtual threads are not platform threads), how many were added over the JVM's
 * own, their names, and the polls made. Target for {@code sdk}: at most 8 platform threads alive.
 */
public final class TesAwaitManyBenchmark {
  private static final String SAMPLER = "bench-thread-sampler";

  private TesAwaitManyBenchmark() {}

  /** The measurement of one way of waiting. */
  record Outcome(
      String mode, int tasks, long millis, int peakPlatformThreads, int baselineThreads, Set<String> newThreadNames, long completed) {}

  /**
   * Runs both ways and prints the table.
   *
   * @param args {@code [tasks]} (default 1000)
   * @throws Exception if the server cannot start or a wait fails
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Process server = startServer();
    try {
      int port = readPort(server);
      String url = "http://127.0.0.1:" + port;
      List<Outcome> out = new ArrayList<>();
      out.add(run("sdk", url, n));
      out.add(run("thread-per-task", url, n));
      print(out);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  static Process startServer() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        TesBenchServer.class.getName(), "4", "5");
    pb.redirectErrorStream(true);
    return pb.start();
  }

  static int readPort(Process p) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("PORT ")) {
      throw new IOException("the TES bench server did not start: " + line);
    }
    return Integer.parseInt(line.substring(5).strip());
  }

  /**
   * One way of waiting for {@code n} tasks created on the server at {@code url}.
   *
   * @param mode {@code sdk} or {@code thread-per-task}
   * @param url the server root
   * @param n the number of tasks
   * @return the measurement
   * @throws Exception if a wait fails
   */
  static Outcome run(String mode, String url, int n) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Set<String> before = platformThreadNames();
    int baseline = mx.getThreadCount();
    TesClient client = TesClient.builder().baseUrl(url).tokenSource(AccessTokenSource.of(TesBenchServer.TOKEN))
        .http(h -> h.readTimeout(Duration.ofSeconds(30)))
        .build();
    TesTask task = TesTask.builder().name("await").executor(TesExecutor.of("alpine", "true")).build();
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(client.createTask(task));
    }
    WaitOptions options = WaitOptions.defaults().withFinalView(TesView.MINIMAL)
        .withConfig(new WaiterConfig(Duration.ofMillis(100), Duration.ofMillis(400), 1.5, Duration.ofMinutes(5), 5));
    // the sampler is a platform thread (a virtual one would start the JDK's virtual-thread timer
    // thread itself); it is left out of the names and subtracted from the peak
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = Thread.ofPlatform().name(SAMPLER).daemon(true).start(() -> {
      while (sampling.get()) {
        seen.addAll(platformThreadNames());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    mx.resetPeakThreadCount();
    long t0 = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    if (mode.equals("sdk")) {
      Map<String, TesTask> all = client.waitForAllAsync(ids, options).join();
      all.values().forEach(t -> {
        if (t.state() == TesState.COMPLETE) {
          done.incrementAndGet();
        }
      });
    } else {
      List<Thread> threads = new ArrayList<>(n);
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      for (String id : ids) {
        threads.add(Thread.ofPlatform().name("wait-" + id).start(() -> {
          try {
            if (client.waitFor(id, options).state() == TesState.COMPLETE) {
              done.incrementAndGet();
            }
          } catch (RuntimeException e) {
            failures.add(e);
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException(failures.size() + " waits failed, first: " + failures.get(0), failures.get(0));
      }
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    int peak = mx.getPeakThreadCount() - 1; // without the sampler
    sampling.set(false);
    sampler.join();
    Set<String> added = new TreeSet<>();
    for (String s : seen) {
      if (!before.contains(s) && !s.equals(SAMPLER)) {
        added.add(s.startsWith("wait-t-") ? "wait-<task>" : s);
      }
    }
    return new Outcome(mode, n, millis, peak, baseline, added, done.get());
  }

  static Set<String> platformThreadNames() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.add(t.getName());
    }
    return names;
  }

  static void print(List<Outcome> out) {
    System.out.println();
    System.out.println("Awaiting TES tasks (server in its own JVM, each task COMPLETE after 5 polls; polls every 100-400 ms):");
    System.out.printf("%-16s %6s %9s %10s %14s %12s%n", "mode", "tasks", "wall ms", "completed", "peak platform", "added");
    for (Outcome o : out) {
      System.out.printf("%-16s %6d %9d %10d %14d %12d%n", o.mode(), o.tasks(), o.millis(), o.completed(),
          o.peakPlatformThreads(), o.peakPlatformThreads() - o.baselineThreads());
    }
    for (Outcome o : out) {
      Set<String> names = o.newThreadNames();
      System.out.println(o.mode() + ": platform threads started during the run: "
          + (names.size() > 12 ? names.size() + " (e.g. " + String.join(", ", new ArrayList<>(names).subList(0, 6)) + ")" : names));
    }
  }
}

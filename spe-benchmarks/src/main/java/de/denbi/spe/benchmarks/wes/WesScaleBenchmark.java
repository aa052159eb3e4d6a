package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.wes.FakeWesServer;
import de.denbi.spe.wes.RunRequest;
import de.denbi.spe.wes.RunState;
import de.denbi.spe.wes.RunStatus;
import de.denbi.spe.wes.WesApiVersion;
import de.denbi.spe.wes.WesClient;
import de.denbi.spe.wes.WesDialect;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Whole-process benchmarks of the WES client at scale, each side by side with its baseline in the
 * same run, against a {@link FakeWesServer} in the same JVM:
 *
 * <ul>
 *   <li>{@code list [N]}: list N (default 100,000) runs through paging (1,000 per page) with
 *       {@code WesClient.listRuns().stream().count()} vs a raw OkHttp + Jackson page loop. Run it
 *       with {@code -Xmx64m}: it reports the heap limit and the peak heap use of each.</li>
 *   <li>{@code await [N]}: await N (default 1,000) runs at once with {@code
 *       WesClient.waitForAllAsync} vs one platform thread per run blocked in {@code waitFor};
 *       reports the peak number of live platform threads of the JVM for each.</li>
 * </ul>
 *
 * <pre>
 * java -Xmx64m -cp spe-benchmarks/target/benchmarks.jar de.denbi.spe.benchmarks.wes.WesScaleBenchmark list
 * java -cp spe-benchmarks/target/benchmarks.jar de.denbi.spe.benchmarks.wes.WesScaleBenchmark await
 * </pre>
 */
public final class WesScaleBenchmark {
  private static final String TOKEN = "bench-token";

  private WesScaleBenchmark() {}

  /**
   * Runs one benchmark.
   *
   * @param args {@code list [N]} or {@code await [N]}
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("list") || args[0].equals("await"))) {
      System.out.println("usage: WesScaleBenchmark list [N] | await [N]");
      System.exit(2);
    }
    if (args[0].equals("list")) {
      list(args.length > 1 ? Integer.parseInt(args[1]) : 100_000);
    } else {
      await(args.length > 1 ? Integer.parseInt(args[1]) : 1_000);
    }
  }

  /**
   * The result of one side of a benchmark.
   *
   * @param name which side
   * @param items items listed or runs awaited
   * @param millis wall time
   * @param peak peak heap bytes (list) or peak live platform threads (await)
   */
  public record Result(String name, long items, long millis, long peak) {}

  static WesClient client(FakeWesServer server, int pageSize) {
    return WesClient.builder()
        .baseUrl(server.baseUrl())
        .tokenSource(AccessTokenSource.of(TOKEN))
        .dialect(WesDialect.STANDARD)
        .apiVersion(WesApiVersion.V1_1)
        .pageSize(pageSize)
        .build();
  }

  // -------------------------------------------------------------------------------------- list

  static List<Result> list(int n) throws IOException {
    System.out.printf("listing %,d runs, 1,000 per page; max heap %d MiB%n", n, Runtime.getRuntime().maxMemory() >> 20);
    List<Result> results = new ArrayList<>();
    try (FakeWesServer server =
        FakeWesServer.builder().token(TOKEN).syntheticRuns(n).maxRecordedExchanges(0).build().start()) {
      WesClient wes = client(server, 1000);
      for (int round = 0; round < 2; round++) { // the first round warms up
        results.clear();
        results.add(measureHeap("WesClient.listRuns", () -> wes.listRuns().stream().count()));
        results.add(measureHeap("raw OkHttp + Jackson", () -> rawList(server)));
      }
    }
    for (Result r : results) {
      System.out.printf("%-22s %,9d runs %7d ms   peak heap %6.1f MiB%n", r.name(), r.items(), r.millis(), r.peak() / 1048576.0);
      if (r.items() != n) {
        throw new IllegalStateException(r.name() + " listed " + r.items() + " runs, not " + n);
      }
    }
    return results;
  }

  private interface Counting {
    long run() throws IOException;
  }

  private static Result measureHeap(String name, Counting c) throws IOException {
    System.gc();
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long t0 = System.nanoTime();
    long count = c.run();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new Result(name, count, ms, peak);
  }

  private static long rawList(FakeWesServer server) throws IOException {
    OkHttpClient http = new OkHttpClient();
    ObjectMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    HttpUrl base = HttpUrl.get(server.baseUrl().toString() + "/runs");
    long count = 0;
    String token = null;
    do {
      HttpUrl.Builder u = base.newBuilder().addQueryParameter("page_size", "1000");
      if (token != null) {
        u.addQueryParameter("page_token", token);
      }
      Request req = new Request.Builder().url(u.build()).header("Authorization", "Bearer " + TOKEN).build();
      try (Response resp = http.newCall(req).execute()) {
        JsonNode page = json.readTree(resp.body().byteStream());
        count += page.path("runs").size();
        token = page.path("next_page_token").asText("");
      }
    } while (!token.isEmpty());
    http.connectionPool().evictAll();
    return count;
  }

  // ------------------------------------------------------------------------------------- await

  static List<Result> await(int n) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Result> results = new ArrayList<>();
    WaiterConfig polling = new WaiterConfig(Duration.ofMillis(100), Duration.ofMillis(400), 1.5, Duration.ofMinutes(5), 5);
    try (FakeWesServer server =
        FakeWesServer.builder().token(TOKEN).pollsPerState(3).maxRecordedExchanges(0).build().start()) {
      WesClient wes = client(server, 100).newBuilder().waiterConfig(polling).build();
      RunRequest req =
          RunRequest.builder().workflowType("CWL").workflowTypeVersion("v1.0").workflowUrl("https://example.org/main.cwl").build();

      List<String> ids = submit(wes, req, n);
      System.out.printf("awaiting %,d runs (each needs about 10 status polls); live platform threads before: %d%n", n, threads.getThreadCount());
      threads.resetPeakThreadCount();
      Sampler sampler = new Sampler();
      long t0 = System.nanoTime();
      Map<String, RunStatus> done = wes.waitForAllAsync(ids, Duration.ofMinutes(5)).join();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      sampler.stop();
      check(done.values(), n);
      results.add(new Result("WesClient.waitForAllAsync", n, ms, threads.getPeakThreadCount()));
      System.out.println("client-side platform threads at their peak (" + sampler.peak + "): " + sampler.peakNames);

      List<String> ids2 = submit(wes, req, n);
      threads.resetPeakThreadCount();
      CountDownLatch latch = new CountDownLatch(n);
      AtomicInteger complete = new AtomicInteger();
      long t1 = System.nanoTime();
      for (String id : ids2) {
        Thread.ofPlatform().daemon().start(() -> {
          try {
            if (wes.waitFor(id, Duration.ofMinutes(5)).state() == RunState.COMPLETE) {
              complete.incrementAndGet();
            }
          } finally {
            latch.countDown();
          }
        });
      }
      latch.await();
      long ms2 = (System.nanoTime() - t1) / 1_000_000;
      if (complete.get() != n) {
        throw new IllegalStateException("thread-per-run: only " + complete.get() + " runs completed");
      }
      results.add(new Result("thread per run (baseline)", n, ms2, threads.getPeakThreadCount()));
    }
    for (Result r : results) {
      System.out.printf("%-27s %,6d runs %7d ms   peak live platform threads %5d%n", r.name(), r.items(), r.millis(), r.peak());
    }
    return results;
  }

  /** JVM-internal threads, the main thread and FakeWesServer's own: not the client's. */
  static final java.util.Set<String> NOT_CLIENT =
      java.util.Set.of(
          "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Notification Thread",
          "Attach Listener", "main", "HTTP-Dispatcher", "idle-timeout-task");

  /** Samples the client-side platform threads every 2 ms on a virtual thread. */
  static final class Sampler {
    volatile boolean running = true;
    volatile int peak;
    volatile Map<String, Long> peakNames = Map.of();
    final Thread thread =
        Thread.ofVirtual().start(() -> {
          while (running) {
            Map<String, Long> names = threadNames();
            NOT_CLIENT.forEach(names::remove);
            int count = names.values().stream().mapToInt(Long::intValue).sum();
            if (count > peak) {
              peak = count;
              peakNames = names;
            }
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
              return;
            }
          }
        });

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  /** Live platform threads by name, digits folded, with counts. */
  static Map<String, Long> threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.isVirtual() && t.isAlive())
        .collect(java.util.stream.Collectors.groupingBy(
            t -> t.getName().replaceAll("\\d+", "#"), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
  }

  private static List<String> submit(WesClient wes, RunRequest req, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(wes.runWorkflow(req));
    }
    return ids;
  }

  private static void check(java.util.Collection<RunStatus> states, int n) {
    long ok = states.stream().filter(s -> s.state() == RunState.COMPLETE).count();
    if (ok != n) {
      throw new IllegalStateException("only " + ok + " of " + n + " runs completed");
    }
  }
}

package de.denbi.spe.benchmarks.tes;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.tes.TesClient;
import de.denbi.spe.tes.TesTask;
import de.denbi.spe.tes.TesView;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The per-call overhead of {@link TesClient#getTask} over raw OkHttp + Jackson, measured
 * <em>interleaved in one process</em>: rounds of {@code calls} raw requests and {@code calls}
 * client requests alternate (the order flips every round), against the same in-process {@link
 * TesBenchServer}, and each round pair gives one ratio.
 *
 * <p>Why besides the JMH benchmark ({@link TesGetTaskBenchmark}): on a 2-core machine the
 * latency of one loopback round trip depends on where the scheduler places the client thread
 * and the server's dispatcher; a JMH fork keeps its placement, so fork means jump between
 * modes (seen: 60, 77 and 100 us for the same code), which is larger than the effect measured.
 * Both ways sharing each process and alternating every few milliseconds see the same placement,
 * so their ratio is the client's overhead. The calling thread's CPU time per call is reported
 * as well (scheduler-independent).
 *
 * <pre>
 * java -cp benchmarks.jar de.denbi.spe.benchmarks.tes.TesOverheadInterleaved [rounds] [calls]
 * </pre>
 *
 * <p>Prints the median ratio over the rounds with a bootstrap 95% interval, and the median wall
 * and CPU microseconds per call of each way. Target: ratio at most 1.10.
 */
public final class TesOverheadInterleaved {
  private TesOverheadInterleaved() {}

  /**
   * Runs the comparison.
   *
   * @param args {@code [rounds] [calls]}, defaults 40 and 2000
   * @throws Exception if the server cannot start or a call fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    try (TesBenchServer server = TesBenchServer.start()) {
      TesClient tes =
          TesClient.builder()
              .baseUrl(server.rootUrl())
              .tokenSource(AccessTokenSource.of(TesBenchServer.TOKEN))
              .build();
      tes.baseUrl(); // discovery once, not per call
      OkHttpClient raw = new OkHttpClient();
      ObjectMapper json = TesGetTaskBenchmark.rawMapper();
      HttpUrl url = TesGetTaskBenchmark.taskUrl(server);
      Way rawWay = () -> TesGetTaskBenchmark.rawGet(raw, json, url);
      Way sdkWay = () -> tes.getTask(TesBenchServer.STATIC_ID, TesView.BASIC);
      for (int i = 0; i < 5; i++) { // warm-up: both ways compiled before any round counts
        measure(rawWay, calls);
        measure(sdkWay, calls);
      }
      double[] ratios = new double[rounds];
      double[] rawWall = new double[rounds];
      double[] sdkWall = new double[rounds];
      double[] rawCpu = new double[rounds];
      double[] sdkCpu = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        double[] a;
        double[] b;
        if (r % 2 == 0) {
          a = measure(rawWay, calls);
          b = measure(sdkWay, calls);
        } else {
          b = measure(sdkWay, calls);
          a = measure(rawWay, calls);
        }
        rawWall[r] = a[0];
        rawCpu[r] = a[1];
        sdkWall[r] = b[0];
        sdkCpu[r] = b[1];
        ratios[r] = b[0] / a[0];
      }
      double[] ci = bootstrapMedianInterval(ratios, 10_000, new Random(42));
      System.out.printf(Locale.ROOT,
          "TES getTask vs raw OkHttp + Jackson, interleaved: %d rounds x %d calls each way%n", rounds, calls);
      System.out.printf(Locale.ROOT, "  raw OkHttp + Jackson: %7.2f us/call wall, %7.2f us/call CPU (calling thread)%n",
          median(rawWall), median(rawCpu));
      System.out.printf(Locale.ROOT, "  TesClient.getTask   : %7.2f us/call wall, %7.2f us/call CPU (calling thread)%n",
          median(sdkWall), median(sdkCpu));
      System.out.printf(Locale.ROOT, "  ratio TesClient/raw : %.3f (median of %d round ratios; 95%% bootstrap interval %.3f .. %.3f)"
          + "; CPU ratio %.3f; target <= 1.10: %s%n",
          median(ratios), rounds, ci[0], ci[1], median(sdkCpu) / median(rawCpu),
          ci[1] <= 1.10 ? "met" : median(ratios) <= 1.10 ? "met by the median, not by the whole interval" : "NOT met");
    }
  }

  @FunctionalInterface
  private interface Way {
    TesTask call() throws IOException;
  }

  /** Wall and calling-thread CPU microseconds per call over {@code calls} calls. */
  private static double[] measure(Way way, int calls) throws IOException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      TesTask t = way.call();
      if (t == null || t.id() == null) {
        throw new IllegalStateException("no task in the reply");
      }
    }
    long t1 = System.nanoTime();
    long c1 = mx.getCurrentThreadCpuTime();
    return new double[] {(t1 - t0) / 1e3 / calls, (c1 - c0) / 1e3 / calls};
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** A percentile bootstrap 95% interval for the median. */
  static double[] bootstrapMedianInterval(double[] values, int resamples, Random random) {
    List<Double> medians = new ArrayList<>(resamples);
    double[] sample = new double[values.length];
    for (int i = 0; i < resamples; i++) {
      for (int j = 0; j < values.length; j++) {
        sample[j] = values[random.nextInt(values.length)];
      }
      medians.add(median(sample));
    }
    medians.sort(null);
    return new double[] {
      medians.get((int) Math.floor(0.025 * (resamples - 1))),
      medians.get((int) Math.ceil(0.975 * (resamples - 1)))
    };
  }
}

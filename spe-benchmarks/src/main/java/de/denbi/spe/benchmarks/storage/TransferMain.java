package de.denbi.spe.benchmarks.storage;

import com.sun.management.OperatingSystemMXBean;
import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TransferResult;
import de.denbi.spe.storage.TreeTransferResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The SDK side of {@code spe-benchmarks/storage/transfer-bench.sh}: one transfer per process
 * (the script runs it with {@code -Xmx128m}), timed in the script like rclone and the AWS CLI,
 * and the peak heap reported by the JVM itself.
 *
 * <pre>
 * java -Xmx128m -cp benchmarks.jar de.denbi.spe.benchmarks.storage.TransferMain \
 *     up-file|down-file|up-dir|down-dir LOCAL BUCKET KEY_OR_PREFIX
 * </pre>
 *
 * <p>The store comes from {@code SPE_S3_ENDPOINT}, {@code SPE_S3_REGION},
 * {@code SPE_S3_ACCESS_KEY}, {@code SPE_S3_SECRET_KEY}; {@code SPE_BENCH_CONCURRENCY} and
 * {@code SPE_BENCH_PART_MIB} override the client's defaults; {@code SPE_BENCH_WARMUP=N} runs the
 * same transfer N times first in the same JVM (uploads to {@code warmup-i/KEY}, deleted again;
 * downloads to {@code LOCAL.warmup-i}, deleted again), then {@code SPE_BENCH_AFTER_WARMUP} (a
 * shell command), and reports the time of the last transfer alone. Output: one line
 * {@code sdk OP BYTES FILES SECONDS PEAK_HEAP_MIB PEAK_SAMPLED_MIB CPU_SECONDS}, the last the
 * process's CPU time (user and system, all threads) during the timed transfer.
 */
public final class TransferMain {
  private TransferMain() {}

  /**
   * Entry point.
   *
   * @param args operation, local path, bucket, key or prefix
   */
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: TransferMain up-file|down-file|up-dir|down-dir LOCAL BUCKET KEY");
      System.exit(2);
    }
    AtomicLong sampled = new AtomicLong();
    Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
      var mem = ManagementFactory.getMemoryMXBean();
      while (true) {
        sampled.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    String op = args[0];
    Path local = Path.of(args[1]);
    String bucket = args[2];
    String key = args[3];
    StorageClient.Builder b = StorageClient.builder()
        .endpoint(URI.create(env("SPE_S3_ENDPOINT", null)))
        .region(env("SPE_S3_REGION", "us-east-1"))
        .credentials(env("SPE_S3_ACCESS_KEY", null), env("SPE_S3_SECRET_KEY", null))
        .resume(false);
    String conc = System.getenv("SPE_BENCH_CONCURRENCY");
    if (conc != null && !conc.isBlank()) {
      b.concurrency(Integer.parseInt(conc));
    }
    String part = System.getenv("SPE_BENCH_PART_MIB");
    if (part != null && !part.isBlank()) {
      b.partSize(Long.parseLong(part) * 1024 * 1024);
    }
    long[] moved;
    double seconds;
    double cpuSeconds;
    String warm = System.getenv("SPE_BENCH_WARMUP");
    int warmups = warm == null || warm.isBlank() ? 0 : Integer.parseInt(warm);
    try (StorageClient client = b.build()) {
      client.createBucketIfMissing(bucket);
      // a long-running JVM (a notebook, a service): the same transfer first, to other places
      for (int w = 0; w < warmups; w++) {
        boolean up = op.startsWith("up-");
        String wkey = up ? "warmup-" + w + "/" + key : key;
        Path wlocal = up ? local : local.resolveSibling(local.getFileName() + ".warmup-" + w);
        transfer(client, op, wlocal, bucket, wkey);
        if (up) {
          if (op.equals("up-file")) {
            client.deleteObject(bucket, wkey);
          } else {
            client.deletePrefix(bucket, "warmup-" + w + "/");
          }
        } else {
          deleteTree(wlocal);
        }
      }
      String between = System.getenv("SPE_BENCH_AFTER_WARMUP");
      if (warmups > 0 && between != null && !between.isBlank()) {
        // e.g. the script's "sync and drop the store's cache": the warmup must not leave the
        // timed transfer a cache the other tools do not get
        Process p = new ProcessBuilder("sh", "-c", between).inheritIO().start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("SPE_BENCH_AFTER_WARMUP failed: exit " + p.exitValue());
        }
      }
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      moved = transfer(client, op, local, bucket, key);
      seconds = (System.nanoTime() - t0) / 1e9;
      cpuSeconds = cpu0 < 0 ? -1 : (processCpuNanos() - cpu0) / 1e9;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    sampler.interrupt();
    long poolPeaks = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        poolPeaks += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "sdk %s %d %d %.3f %.1f %.1f %.2f%n", op, moved[0], moved[1],
        seconds, poolPeaks / 1048576.0, sampled.get() / 1048576.0, cpuSeconds);
    System.out.flush();
    // a whole-process benchmark: end now, not when OkHttp's idle threads time out (60 s)
    System.exit(0);
  }

  /** CPU time of the whole process (every thread: the JIT compilers and GC too), -1 if unknown. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
        instanceof OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  /** One transfer; returns bytes and files moved. */
  private static long[] transfer(StorageClient client, String op, Path local, String bucket,
      String key) {
    return switch (op) {
      case "up-file" -> new long[] {client.upload(local, bucket, key).bytes(), 1};
      case "down-file" -> new long[] {client.download(bucket, key, local).bytes(), 1};
      case "up-dir" -> tree(client.uploadDirectory(local, bucket, key, TransferOptions.defaults()));
      case "down-dir" -> tree(client.downloadDirectory(bucket, key, local,
          TransferOptions.defaults()));
      default -> throw new IllegalArgumentException("unknown operation " + op);
    };
  }

  private static long[] tree(TreeTransferResult r) {
    return new long[] {r.files().stream().mapToLong(TransferResult::bytes).sum(), r.files().size()};
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static String env(String name, String def) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      if (def == null) {
        throw new IllegalStateException(name + " is not set");
      }
      return def;
    }
    return v;
  }
}

package de.denbi.spe.examples.storage;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TransferResult;
import de.denbi.spe.testkit.faults.TcpFaultProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resumes an interrupted upload: a multipart upload of a file keeps a journal; calling
 * {@code upload(file, bucket, key)} again for the same unchanged file sends only the parts the
 * store does not have yet.
 *
 * <pre>
 * spe-examples/run storage-resume
 * </pre>
 *
 * <p>The in-JVM demo puts a {@link TcpFaultProxy} between the client and the store and shuts it
 * in the middle of the upload (open connections cut, new ones refused: the network is "down");
 * the upload fails. With the network back, the same call resumes it. Against a real store
 * ({@code SPE_S3_ENDPOINT}), interrupt {@code spe-examples/run storage-resume FILE} with Ctrl-C
 * and run it again.
 */
public final class ResumeUploadExample {
  private static final long MIB = 1024 * 1024;

  private ResumeUploadExample() {}

  /**
   * Runs the example.
   *
   * @param args optional file to upload (then no fault is injected)
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    Path work = null;
    try (StorageTarget target = StorageTarget.open(out)) {
      work = Files.createTempDirectory("spe-resume-");
      Path journals = work.resolve("journals");
      String bucket = target.inJvm()
          ? "spe-resume-" + UUID.randomUUID().toString().substring(0, 8)
          : System.getenv().getOrDefault("SPE_S3_BUCKET", "spe-resume-example");
      if (args.length > 0) {
        Path file = Path.of(args[0]);
        try (StorageClient c = target.clientBuilder().build()) {
          c.createBucketIfMissing(bucket);
          TransferResult r = c.upload(file, bucket, file.getFileName().toString(),
              TransferOptions.of(o -> o.progress(p -> out.printf("  %,d of %,d bytes%n",
                  p.bytesTransferred(), p.totalBytes()))));
          out.println("uploaded " + r.bytes() + " bytes, " + r.resumedParts()
              + " part(s) were already there from an earlier attempt");
          return 0;
        }
      }
      Path file = work.resolve("big.bin");
      byte[] data = new byte[(int) (26 * MIB)];
      new Random(1).nextBytes(data);
      Files.write(file, data);
      // 1. the network goes down in the middle of the upload: the proxy between client and
      //    store is shut (open connections cut, new ones refused) after 10 MiB
      TcpFaultProxy down = TcpFaultProxy.to(target.endpoint()).start();
      try (StorageClient flaky = client(target, down, journals, 1)) {
        flaky.createBucketIfMissing(bucket);
        AtomicBoolean cut = new AtomicBoolean();
        flaky.upload(file, bucket, "big.bin", TransferOptions.of(o -> o.concurrency(1)
            .progressInterval(Duration.ZERO) // a report after every part
            .progress(p -> {
              if (p.bytesTransferred() >= 10 * MIB && cut.compareAndSet(false, true)) {
                down.close();
              }
            })));
        out.println("unexpected: the upload did not fail");
        return 1;
      } catch (SpeException e) {
        out.println("first attempt failed as the network went down: "
            + e.getClass().getSimpleName());
      } finally {
        down.close();
      }
      // 2. the network is back: the same call sends only the missing parts
      try (TcpFaultProxy up = TcpFaultProxy.to(target.endpoint()).start();
          StorageClient c = client(target, up, journals, 4)) {
        TransferResult r = c.upload(file, bucket, "big.bin");
        long sent = up.bytesUp();
        out.printf("resumed: %d part(s) were kept, %.1f MiB of %.1f MiB sent again%n",
            r.resumedParts(), sent / (double) MIB, data.length / (double) MIB);
        boolean verified = c.download(bucket, "big.bin", work.resolve("back.bin")).verified();
        out.println("download verified against the recorded SHA-256: " + verified);
        ShareDatasetExample.removeBucket(c, bucket);
        return r.resumedParts() > 0 && verified ? 0 : 1;
      }
    } catch (SpeException e) {
      out.println("failed: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("failed: " + e);
      return 1;
    } finally {
      ShareDatasetExample.deleteTree(work);
    }
  }

  private static StorageClient client(StorageTarget target, TcpFaultProxy proxy, Path journals,
      int attempts) {
    // no HTTP retries (the first attempt: one try per part), so the fault is not hidden
    return target.clientBuilder().endpoint(proxy.uri("http"))
        .httpClient(SpeHttpClient.builder().serviceName("S3").retryPolicy(RetryPolicy.none()).build())
        .partSize(5 * MIB).attempts(attempts).resumeDirectory(journals).build();
  }

  /**
   * Entry point.
   *
   * @param args optional file to upload
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}

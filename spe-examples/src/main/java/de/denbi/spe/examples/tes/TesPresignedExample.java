package de.denbi.spe.examples.tes;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.tes.FederatedTaskId;
import de.denbi.spe.tes.PlacementStrategy;
import de.denbi.spe.tes.TesClient;
import de.denbi.spe.tes.TesEndpoint;
import de.denbi.spe.tes.TesFederation;
import de.denbi.spe.tes.TesInput;
import de.denbi.spe.tes.TesOutput;
import de.denbi.spe.tes.TesTask;
import de.denbi.spe.tes.TesView;
import de.denbi.spe.tes.WaitOptions;
import de.denbi.spe.testkit.S3ProxyFixture;
import de.denbi.spe.testkit.tes.FakeTesServer;
import de.denbi.spe.testkit.tes.TaskRunner;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs a TES task that reads its input from an S3 presigned GET URL and writes its output back
 * through a presigned PUT URL: first on one endpoint, then placed by a {@link TesFederation} of
 * two endpoints by data locality. The TES server never sees S3 credentials, only the two
 * time-limited URLs.
 *
 * <pre>
 * spe-examples/run tes-presigned                       # all in this JVM (see below)
 * SPE_S3_ENDPOINT=https://s3.example.org SPE_S3_ACCESS_KEY=... SPE_S3_SECRET_KEY=... \
 *   SPE_TES_TOKEN=eyJ... spe-examples/run tes-presigned https://tesk-a.example.org https://tesk-b.example.org
 * </pre>
 *
 * <p>Without arguments it runs against an in-JVM S3 server ({@link S3ProxyFixture}) and two
 * in-JVM {@link FakeTesServer}s. The fakes move the data for real (they download the presigned
 * input and upload the output) but run no container: the executor {@code tr a-z A-Z} is
 * emulated by a Java function. With TES URLs (one or more; the first is the single endpoint) it
 * uses real servers, which run the {@code alpine} image, and the S3 store from the {@code
 * SPE_S3_*} variables.
 */
public final class TesPresignedExample {
  private static final String INPUT_PATH = "/data/in.txt";
  private static final String OUTPUT_PATH = "/data/out.txt";

  private TesPresignedExample() {}

  /**
   * Runs the example.
   *
   * @param args TES URLs, or none for the in-JVM demo
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      MinioClient s3;
      List<TesClient> endpoints = new ArrayList<>();
      String s3Host;
      if (args.length == 0) {
        S3ProxyFixture fixture = S3ProxyFixture.http().start();
        started.add(fixture);
        s3 = MinioClient.builder().endpoint(fixture.endpoint().toString()).region(fixture.region())
            .credentials(fixture.accessKey(), fixture.secretKey()).build();
        s3Host = fixture.endpoint().getHost();
        TaskRunner upperCase = TaskRunner.writing(Map.of(OUTPUT_PATH,
            ctx -> ctx.inputText(INPUT_PATH).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        for (String name : List.of("site-a", "site-b")) {
          FakeTesServer fake = FakeTesServer.builder().stageFiles(true).runner(upperCase).build().start();
          started.add(fake);
          endpoints.add(TesClient.builder().name(name).baseUrl(fake.rootUrl()).build());
        }
        out.println("in-JVM demo: S3 at " + fixture.endpoint() + ", two FakeTesServers (data is really"
            + " moved through the presigned URLs; the executor is emulated in Java, no container runs)");
      } else {
        String endpoint = env("SPE_S3_ENDPOINT");
        s3 = MinioClient.builder().endpoint(endpoint).region(System.getenv().getOrDefault("SPE_S3_REGION", "us-east-1"))
            .credentials(env("SPE_S3_ACCESS_KEY"), env("SPE_S3_SECRET_KEY")).build();
        s3Host = URI.create(endpoint).getHost();
        String token = System.getenv("SPE_TES_TOKEN");
        for (int i = 0; i < args.length; i++) {
          TesClient.Builder b = TesClient.builder().name("endpoint-" + i).baseUrl(args[i]);
          if (token != null && !token.isBlank()) {
            b.tokenSource(AccessTokenSource.of(token));
          }
          endpoints.add(b.build());
        }
      }
      String bucket = "spe-tes-example";
      if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
      WaitOptions wait = WaitOptions.defaults()
          .withConfig(new WaiterConfig(Duration.ofMillis(200), Duration.ofSeconds(10), 1.5, Duration.ofMinutes(30), 5))
          .withProgress(t -> out.println("  state " + t.state()));

      // 1. one endpoint
      TesClient single = endpoints.get(0);
      String run = UUID.randomUUID().toString().substring(0, 8);
      TesTask task = task(s3, bucket, "single-" + run, "hello from one TES endpoint");
      String id = single.createTask(task);
      out.println("single endpoint " + single.name() + " (" + single.baseUrl() + ", TES " + single.apiVersion() + "): task " + id);
      TesTask done = single.waitFor(id, wait);
      out.println("  " + done.state() + ", output " + outputOf(done));
      out.println("  s3://" + bucket + "/single-" + run + "/out.txt = " + read(s3, bucket, "single-" + run + "/out.txt"));

      // 2. a federation: placed next to the data
      TesFederation.Builder fb = TesFederation.builder().strategy(PlacementStrategy.dataLocality());
      for (int i = 0; i < endpoints.size(); i++) {
        TesEndpoint e = TesEndpoint.of(endpoints.get(i));
        // in this example the S3 store is "near" the last endpoint
        fb.endpoint(i == endpoints.size() - 1 ? e.withDataHosts(s3Host) : e);
      }
      TesFederation fed = fb.build();
      TesTask fedTask = task(s3, bucket, "federated-" + run, "hello from a TES federation");
      FederatedTaskId fid = fed.createTask(fedTask);
      out.println("federation " + fed + " placed the task on " + fid.endpoint() + " (data locality): " + fid);
      TesTask fedDone = fed.waitFor(fid, wait.withFinalView(TesView.BASIC));
      out.println("  " + fedDone.state() + ", output " + outputOf(fedDone));
      out.println("  s3://" + bucket + "/federated-" + run + "/out.txt = " + read(s3, bucket, "federated-" + run + "/out.txt"));
      return done.state().isSuccess() && fedDone.state().isSuccess() ? 0 : 1;
    } catch (SpeException e) {
      out.println("failed: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      out.println("failed: " + e);
      return 1;
    } finally {
      for (AutoCloseable c : started.reversed()) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing a demo fixture
        }
      }
    }
  }

  /**
   * Uploads the input and builds a task that reads it through a presigned GET URL and writes
   * its output through a presigned PUT URL (both valid for one hour).
   */
  private static TesTask task(MinioClient s3, String bucket, String prefix, String text) throws Exception {
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    s3.putObject(PutObjectArgs.builder().bucket(bucket).object(prefix + "/in.txt")
        .stream(new ByteArrayInputStream(in), (long) in.length, -1L).build());
    String get = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
        .bucket(bucket).object(prefix + "/in.txt").expiry(1, TimeUnit.HOURS).build());
    String put = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.PUT)
        .bucket(bucket).object(prefix + "/out.txt").expiry(1, TimeUnit.HOURS).build());
    return TesTask.builder()
        .name("upper-case " + prefix)
        .input(TesInput.fromUrl(get, INPUT_PATH))
        .output(TesOutput.of(OUTPUT_PATH, put))
        .executor(e -> e.image("alpine:3.20").command("sh", "-c", "tr a-z A-Z < " + INPUT_PATH + " > " + OUTPUT_PATH))
        .resources(r -> r.cpuCores(1).ramGb(0.5))
        .tag("example", "tes-presigned")
        .build();
  }

  private static String outputOf(TesTask t) {
    return t.lastLog()
        .flatMap(l -> l.outputs().stream().findFirst())
        .map(o -> o.path() + " (" + o.sizeBytes() + " bytes)")
        .orElse("(none listed)");
  }

  private static String read(MinioClient s3, String bucket, String key) throws Exception {
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is not set (needed with real TES URLs)");
    }
    return v;
  }

  /**
   * Entry point.
   *
   * @param args TES URLs, or none for the in-JVM demo
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}

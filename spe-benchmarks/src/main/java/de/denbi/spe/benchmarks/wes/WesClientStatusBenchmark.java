package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.testkit.wes.FakeWesServer;
import de.denbi.spe.wes.RunRequest;
import de.denbi.spe.wes.WesApiVersion;
import de.denbi.spe.wes.WesClient;
import de.denbi.spe.wes.WesDialect;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call overhead of {@link WesClient#getRunStatus(String)} against raw OkHttp + Jackson, on the
 * same {@link FakeWesServer} (WES 1.1, one run, exchanges not recorded) in the benchmark's JVM:
 *
 * <ul>
 *   <li>{@link #speCore()}: {@code wes.getRunStatus(id)}: URL building with an encoded path
 *       segment, spe-core's interceptors (User-Agent, retry, bearer), error mapping, the
 *       size-limited stream, decoding into {@code RunStatus} with its enum;</li>
 *   <li>{@link #rawOkHttp()}: the baseline: a plain OkHttp GET of the same URL with the header set
 *       by hand, decoded by a plain mapper into a record of two strings.</li>
 * </ul>
 *
 * The target is {@code speCore / rawOkHttp <= 1.10}; run with {@code spe-benchmarks/run.sh
 * WesClientStatus} (the names match what {@code RunBenchmarks} compares).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-Dsun.net.httpserver.nodelay=true"})
@Threads(1)
public class WesClientStatusBenchmark {
  /** What the raw path decodes to. */
  public record RawStatus(String run_id, String state) {}

  private FakeWesServer server;
  private WesClient wes;
  private String runId;
  private OkHttpClient raw;
  private ObjectMapper rawJson;
  private HttpUrl statusUrl;

  /**
   * Starts the server, submits one run, builds both clients.
   */
  @Setup
  public void setUp() {
    server = FakeWesServer.builder().token("bench-token").maxRecordedExchanges(0).build().start();
    wes =
        WesClient.builder()
            .baseUrl(server.baseUrl())
            .tokenSource(AccessTokenSource.of("bench-token"))
            .dialect(WesDialect.STANDARD)
            .apiVersion(WesApiVersion.V1_1)
            .build();
    runId =
        wes.runWorkflow(
            RunRequest.builder().workflowType("CWL").workflowTypeVersion("v1.0").workflowUrl("https://example.org/main.cwl").build());
    raw = new OkHttpClient();
    rawJson = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    statusUrl = HttpUrl.get(server.baseUrl().toString() + "/runs/" + runId + "/status");
  }

  /** Stops the server. */
  @TearDown
  public void tearDown() {
    server.close();
    raw.dispatcher().executorService().shutdown();
    raw.connectionPool().evictAll();
  }

  /**
   * Through the WES client.
   *
   * @return the decoded status
   */
  @Benchmark
  public Object speCore() {
    return wes.getRunStatus(runId);
  }

  /**
   * The baseline: raw OkHttp + Jackson.
   *
   * @return the decoded status
   * @throws IOException if the call fails
   */
  @Benchmark
  public Object rawOkHttp() throws IOException {
    Request req = new Request.Builder().url(statusUrl).header("Authorization", "Bearer bench-token").build();
    try (Response resp = raw.newCall(req).execute()) {
      if (!resp.isSuccessful()) {
        throw new IOException("HTTP " + resp.code());
      }
      return rawJson.readValue(resp.body().byteStream(), RawStatus.class);
    }
  }
}

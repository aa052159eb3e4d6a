package de.denbi.spe.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.denbi.spe.benchmarks.wes.RunLog;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.SpeHttpClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One WES status poll, {@code GET /ga4gh/wes/v1/runs/{id}} with a bearer token, decoded into the
 * {@link RunLog} record, two ways against the same local server:
 *
 * <ul>
 *   <li>{@link #speCore()}: through spe-core's {@link SpeHttpClient} (User-Agent, bearer auth
 *       from an {@link AccessTokenSource}, retry and logging interceptors, status mapping, a
 *       size-limited stream, the SDK's shared Jackson mapper);
 *   <li>{@link #rawOkHttp()}: the baseline, a plain {@link OkHttpClient} with the Authorization
 *       header set by hand and a plain Jackson {@link ObjectMapper}.
 * </ul>
 *
 * <p>Both read the whole body and return the record (JMH consumes it, so nothing is optimised
 * away). The ratio {@code speCore / rawOkHttp} is spe-core's per-call overhead. Both run in the
 * same JVM as the server, one call at a time, over one kept-alive connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true"})
@Threads(1)
public class WesGetRunBenchmark {
  private WesServer server;
  private HttpUrl url;
  private SpeHttpClient spe;
  private OkHttpClient raw;
  private ObjectMapper rawJson;

  /** For JMH. */
  public WesGetRunBenchmark() {}

  /**
   * Starts the server and builds both clients (once per fork).
   *
   * @throws IOException if the server cannot start
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = WesServer.start();
    url = server.runUrl();
    spe =
        SpeHttpClient.builder()
            .serviceName("WES")
            .tokenSource(AccessTokenSource.of(WesServer.TOKEN))
            .build();
    raw = new OkHttpClient();
    rawJson =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  /** Closes both clients' connections and stops the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (spe != null) {
      shutDown(spe.okHttpClient());
    }
    if (raw != null) {
      shutDown(raw);
    }
    if (server != null) {
      server.close();
    }
  }

  private static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * The run's status through spe-core.
   *
   * @return the decoded run
   */
  @Benchmark
  public RunLog speCore() {
    return spe.execute(spe.get(url), RunLog.class);
  }

  /**
   * The same call with raw OkHttp and Jackson.
   *
   * @return the decoded run
   * @throws IOException on a failed call or an error status
   */
  @Benchmark
  public RunLog rawOkHttp() throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "Bearer " + WesServer.TOKEN)
            .get()
            .build();
    try (Response response = raw.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code() + " from " + url);
      }
      return rawJson.readValue(response.body().byteStream(), RunLog.class);
    }
  }
}

package de.denbi.spe.benchmarks.tes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.tes.TesClient;
import de.denbi.spe.tes.TesTask;
import de.denbi.spe.tes.TesView;
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
 * One TES task read, {@code GET /ga4gh/tes/v1/tasks/{id}?view=BASIC} with a bearer token,
 * decoded into spe-tes-client's {@link TesTask} record, two ways against the same local server:
 *
 * <ul>
 *   <li>{@link #tesClient()}: {@link TesClient#getTask(String, TesView)} as users call it (base
 *       path discovered once in set-up; URL building, id check, spe-core's interceptors, status
 *       mapping with the TES error decoder, bounded decoding);</li>
 *   <li>{@link #rawOkHttp()}: the baseline, a plain {@link OkHttpClient} with the header set by
 *       hand and a plain Jackson {@link ObjectMapper} decoding into the same record.</li>
 * </ul>
 *
 * <p>The ratio {@code tesClient / rawOkHttp} is the client's per-call overhead (target: at most
 * 1.10).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true"})
@Threads(1)
public class TesGetTaskBenchmark {
  private TesBenchServer server;
  private TesClient tes;
  private OkHttpClient raw;
  private ObjectMapper rawJson;
  private HttpUrl url;

  /** For JMH. */
  public TesGetTaskBenchmark() {}

  /**
   * Starts the server and builds both clients.
   *
   * @throws IOException if the server cannot start
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = TesBenchServer.start();
    tes = TesClient.builder().baseUrl(server.rootUrl()).tokenSource(AccessTokenSource.of(TesBenchServer.TOKEN)).build();
    tes.baseUrl(); // discovery happens once, not per call
    raw = new OkHttpClient();
    rawJson = rawMapper();
    url = taskUrl(server);
  }

  /** The baseline's Jackson mapper: a plain one that ignores fields it does not know. */
  static ObjectMapper rawMapper() {
    return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  /** The URL of the server's static task, BASIC view. */
  static HttpUrl taskUrl(TesBenchServer server) {
    return HttpUrl.get(server.rootUrl() + TesBenchServer.BASE + "/tasks/" + TesBenchServer.STATIC_ID + "?view=BASIC");
  }

  /** The baseline: one GET with raw OkHttp, the body read by Jackson. */
  static TesTask rawGet(OkHttpClient raw, ObjectMapper json, HttpUrl url) throws IOException {
    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + TesBenchServer.TOKEN).get().build();
    try (Response response = raw.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code() + " from " + url);
      }
      return json.readValue(response.body().byteStream(), TesTask.class);
    }
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (raw != null) {
      raw.connectionPool().evictAll();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * The task through the TES client.
   *
   * @return the task
   */
  @Benchmark
  public TesTask tesClient() {
    return tes.getTask(TesBenchServer.STATIC_ID, TesView.BASIC);
  }

  /**
   * The task with raw OkHttp and Jackson.
   *
   * @return the task
   * @throws IOException on a failed call or an error status
   */
  @Benchmark
  public TesTask rawOkHttp() throws IOException {
    return rawGet(raw, rawJson, url);
  }
}

package de.denbi.spe.benchmarks.auth;

import de.denbi.spe.auth.OidcClient;
import de.denbi.spe.auth.RefreshingTokenSource;
import de.denbi.spe.auth.TokenSet;
import de.denbi.spe.core.auth.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access token of a {@link RefreshingTokenSource} expires; {@value #CALLERS} virtual threads
 * ask for a token at the same moment. One refresh (a real refresh-token request to a local
 * provider) must serve them all. Measured: the time from releasing the callers until every one
 * has its token ({@link #thousandCallersAtExpiry()}), next to the baseline of one caller and one
 * refresh ({@link #oneCallerOneRefresh()}); the difference is what the fan-out costs. Each
 * operation checks that exactly one token request was made and fails otherwise.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class SingleFlightRefreshBenchmark {
  /** Concurrent callers at expiry. */
  public static final int CALLERS = 1000;

  /** How long the provider's token endpoint takes (a refresh at LS Login takes 50-200 ms). */
  @Param({"20"})
  public int providerMillis;

  private AuthBenchServer server;
  private OidcClient client;

  /** For JMH. */
  public SingleFlightRefreshBenchmark() {}

  /**
   * Starts the provider and discovers it.
   *
   * @throws Exception if it cannot start
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = AuthBenchServer.start(Duration.ofMillis(providerMillis));
    client = OidcClient.builder().issuer(server.issuer()).clientId("spe-cli").build();
    client.provider();
  }

  /** Stops the provider. */
  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
  }

  private RefreshingTokenSource expiredSource() {
    TokenSet expired = new TokenSet(
        new AccessToken("expired-token", Instant.now().minusSeconds(1)), "refresh-token", null,
        List.of(), null);
    return RefreshingTokenSource.builder(client).initialTokens(expired).build();
  }

  /**
   * {@value #CALLERS} virtual threads ask an expired source at once.
   *
   * @return the last token handed out
   * @throws Exception if a caller failed or more than one refresh was made
   */
  @Benchmark
  public AccessToken thousandCallersAtExpiry() throws Exception {
    return run(CALLERS);
  }

  /**
   * The baseline: one caller, one refresh.
   *
   * @return the token
   * @throws Exception if it failed
   */
  @Benchmark
  public AccessToken oneCallerOneRefresh() throws Exception {
    return run(1);
  }

  AccessToken run(int callers) throws Exception {
    RefreshingTokenSource src = expiredSource();
    int before = server.refreshes();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(callers);
    AccessToken[] got = new AccessToken[callers];
    Throwable[] failure = new Throwable[1];
    List<Thread> threads = new ArrayList<>(callers);
    for (int i = 0; i < callers; i++) {
      int n = i;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          go.await();
          got[n] = src.token();
        } catch (Throwable t) {
          failure[0] = t;
        } finally {
          done.countDown();
        }
      }));
    }
    go.countDown();
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("callers still waiting after 30 s");
    }
    if (failure[0] != null) {
      throw new IllegalStateException("a caller failed", failure[0]);
    }
    int made = server.refreshes() - before;
    if (made != 1 || src.refreshCount() != 1) {
      throw new IllegalStateException(callers + " callers caused " + made + " refreshes, not 1");
    }
    return got[callers - 1];
  }
}

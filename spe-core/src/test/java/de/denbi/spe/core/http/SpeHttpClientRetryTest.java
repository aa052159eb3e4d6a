package de.denbi.spe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.TooManyRequestsException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpeHttpClientRetryTest {
  record Info(String name) {}

  record Retry(String method, int retry, Duration delay, String reason) {}

  private MockWebServer server;
  private final List<Retry> retries = new CopyOnWriteArrayList<>();
  private SpeHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http =
        SpeHttpClient.builder()
            .serviceName("TEST")
            .retryPolicy(RetryPolicy.defaults().withDelays(Duration.ofMillis(5), Duration.ofMillis(20)))
            .retryListener((m, u, n, d, why) -> retries.add(new Retry(m, n, d, why)))
            .readTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).body("{\"msg\":\"busy\"}").build();
  }

  private static MockResponse ok(String json) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(json).build();
  }

  private Request post() {
    return new Request.Builder()
        .url(server.url("/runs"))
        .post(RequestBody.create("{\"workflow\":\"x\"}", SpeHttpClient.JSON))
        .build();
  }

  @Test
  void getIsRetriedOn503AndSucceeds() {
    server.enqueue(status(503));
    server.enqueue(status(502));
    server.enqueue(ok("{\"name\":\"wes\"}"));

    Info info = http.execute(http.get(server.url("/service-info")), Info.class);

    assertThat(info.name()).isEqualTo("wes");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(retries).extracting(Retry::reason).containsExactly("HTTP 503", "HTTP 502");
  }

  @Test
  void getGivesUpAfterMaxAttempts() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(503));
    }
    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Info.class))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("HTTP 503")
        .satisfies(e -> assertThat(((ServerErrorException) e).retryable()).isTrue());
    assertThat(server.getRequestCount()).isEqualTo(RetryPolicy.defaults().maxAttempts());
  }

  @Test
  void postIsNeverRetriedAfterTheConnectionDroppedOnceItWasSent() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(ok("{\"name\":\"second\"}"));

    assertThatThrownBy(() -> http.execute(post(), Info.class))
        .isInstanceOf(SpeConnectionException.class)
        .hasMessageContaining("may have reached the server");

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"workflow\":\"x\"}");
    assertThat(retries).isEmpty();
  }

  @Test
  void postIsNotRetriedOnA503() {
    server.enqueue(status(503));
    server.enqueue(ok("{\"name\":\"second\"}"));

    assertThatThrownBy(() -> http.execute(post(), Info.class)).isInstanceOf(ServerErrorException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getIsRetriedAfterADroppedConnection() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(ok("{\"name\":\"again\"}"));

    assertThat(http.execute(http.get(server.url("/x")), Info.class).name()).isEqualTo("again");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void postTaggedIdempotentIsRetried() {
    server.enqueue(status(503));
    server.enqueue(ok("{\"name\":\"cancelled\"}"));
    Request cancel =
        post().newBuilder().tag(Idempotency.class, Idempotency.IDEMPOTENT).build();

    assertThat(http.execute(cancel, Info.class).name()).isEqualTo("cancelled");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void postToARefusedPortIsRetriedBecauseItNeverLeft() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpUrl dead = HttpUrl.get("http://127.0.0.1:" + port + "/runs");
    Request req = new Request.Builder().url(dead).post(RequestBody.create("{}", SpeHttpClient.JSON)).build();

    assertThatThrownBy(() -> http.execute(req, Info.class))
        .isInstanceOf(SpeConnectionException.class)
        .hasMessageContaining("not reachable");
    assertThat(retries).hasSize(RetryPolicy.defaults().maxAttempts() - 1);
    assertThat(retries.get(0).reason()).startsWith("ConnectException");
  }

  @Test
  void retryAfterIsHonoured() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
    server.enqueue(ok("{\"name\":\"later\"}"));

    long t0 = System.nanoTime();
    Info info = http.execute(http.get(server.url("/x")), Info.class);
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(info.name()).isEqualTo("later");
    assertThat(retries).singleElement().satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(1)));
    // the policy's own delays are at most 20 ms here: only Retry-After explains a 1 s pause
    assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void retryAfterLongerThanTheLimitIsHandedToTheCaller() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());

    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Info.class))
        .isInstanceOfSatisfying(
            TooManyRequestsException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofHours(1));
              assertThat(e.retryable()).isTrue();
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(retries).isEmpty();
  }

  @Test
  void backoffIsBoundedAndJittered() {
    RetryPolicy p = RetryPolicy.defaults().withDelays(Duration.ofMillis(100), Duration.ofSeconds(2));
    for (int retry = 1; retry <= 200; retry++) {
      Duration d = p.delayBeforeRetry(retry);
      long unjittered = Math.min(100L << Math.min(retry - 1, 30), 2000);
      assertThat(d.toMillis()).isBetween(unjittered / 2, Math.min(unjittered, 2000));
    }
    assertThat(p.delayBeforeRetry(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void observedRetryDelaysStayWithinTheCap() {
    SpeHttpClient bounded =
        http.newBuilder()
            .retryPolicy(new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1), RetryPolicy.DEFAULT_RETRYABLE_STATUSES))
            .build();
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(503));
    }
    assertThatThrownBy(() -> bounded.execute(bounded.get(server.url("/x")), Info.class))
        .isInstanceOf(ServerErrorException.class);
    assertThat(retries).hasSize(5).allSatisfy(r -> assertThat(r.delay()).isLessThanOrEqualTo(Duration.ofMillis(40)));
  }

  @Test
  void userAgentNamesTheSdkAndService() throws Exception {
    server.enqueue(ok("{\"name\":\"x\"}"));
    http.execute(http.get(server.url("/x")), Info.class);
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).matches("spe-sdk/\\S+ \\(TEST\\) Java/\\d+");
  }
}

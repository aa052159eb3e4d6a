package de.denbi.spe.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that closes idle keep-alive connections (gunicorn, uvicorn, nginx) costs nothing. */
class StaleKeepAliveTest {
  record Info(String name) {}

  private MockWebServer server;
  private final List<String> retries = new CopyOnWriteArrayList<>();
  private SpeHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http =
        SpeHttpClient.builder()
            .retryPolicy(RetryPolicy.defaults().withDelays(Duration.ofSeconds(5), Duration.ofSeconds(5)))
            .retryListener((m, u, n, d, why) -> retries.add(n + " " + d + " " + why))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A reply after which the server closes the connection without saying so. */
  private static MockResponse okThenClose(String name) {
    return new MockResponse.Builder()
        .body("{\"name\":\"" + name + "\"}")
        .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  @Test
  void aGetOnAConnectionTheServerClosedIsRepeatedAtOnce() throws Exception {
    server.enqueue(okThenClose("first"));
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"second\"}").build());

    assertThat(http.execute(http.get(server.url("/a")), Info.class).name()).isEqualTo("first");
    Thread.sleep(100); // the server's FIN arrives while the connection is idle in the pool
    long t0 = System.nanoTime();
    assertThat(http.execute(http.get(server.url("/b")), Info.class).name()).isEqualTo("second");
    long ms = (System.nanoTime() - t0) / 1_000_000;

    // no backoff delay (the policy's would be 5 s): the retry is immediate, on a new connection
    assertThat(retries).singleElement().asString().startsWith("0 PT0S stale keep-alive connection");
    assertThat(ms).isLessThan(5000);
    server.takeRequest();
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(1);
  }

  @Test
  void aPostNeverUsesAnIdleConnection() throws Exception {
    server.enqueue(okThenClose("get"));
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"created\"}").build());

    http.execute(http.get(server.url("/a")), Info.class);
    Thread.sleep(100);
    Request post =
        new Request.Builder().url(server.url("/runs")).post(RequestBody.create("{}", SpeHttpClient.JSON)).build();

    assertThat(http.execute(post, Info.class).name()).isEqualTo("created");
    assertThat(retries).isEmpty();
    server.takeRequest();
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void healthyConnectionsAreStillReused() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body("{\"name\":\"n" + i + "\"}").build());
    }
    for (int i = 0; i < 3; i++) {
      http.execute(http.get(server.url("/x")), Info.class);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(server.takeRequest().getConnectionIndex()).isZero();
    }
  }
}

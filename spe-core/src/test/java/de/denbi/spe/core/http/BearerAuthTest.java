package de.denbi.spe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
  record Info(String name) {}

  /** Hands out token-1, token-2, ...; a new one only after invalidate. */
  static final class CountingSource implements AccessTokenSource {
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger invalidations = new AtomicInteger();
    private int generation = 1;

    @Override
    public synchronized AccessToken token() {
      fetches.incrementAndGet();
      return AccessToken.of("token-" + generation);
    }

    @Override
    public synchronized void invalidate(AccessToken rejected) {
      invalidations.incrementAndGet();
      if (rejected.value().equals("token-" + generation)) {
        generation++;
      }
    }
  }

  private MockWebServer server;
  private final CountingSource tokens = new CountingSource();
  private SpeHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = SpeHttpClient.builder().serviceName("TEST").tokenSource(tokens).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsTheBearerToken() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"a\"}").build());
    http.execute(http.get(server.url("/x")), Info.class);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(tokens.invalidations).hasValue(0);
  }

  @Test
  void a401TriggersExactlyOneRefreshAndOneRetry() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"fresh\"}").build());

    Info info = http.execute(http.get(server.url("/x")), Info.class);

    assertThat(info.name()).isEqualTo("fresh");
    assertThat(tokens.invalidations).hasValue(1);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSecond401IsNotRetriedAgain() {
    server.enqueue(new MockResponse.Builder().code(401).body("{\"msg\":\"expired\"}").build());
    server.enqueue(new MockResponse.Builder().code(401).body("{\"msg\":\"still expired\"}").build());
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"never\"}").build());

    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Info.class))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("still expired")
        .hasMessageContaining("log in again");
    assertThat(tokens.invalidations).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aPostRejectedWith401IsSentOnceMoreWithTheFreshToken() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"created\"}").build());
    Request post =
        new Request.Builder().url(server.url("/runs")).post(RequestBody.create("{}", SpeHttpClient.JSON)).build();

    assertThat(http.execute(post, Info.class).name()).isEqualTo("created");
    assertThat(tokens.invalidations).hasValue(1);
    server.takeRequest();
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void basicAuthIsAnAlternative() throws Exception {
    SpeHttpClient basic = SpeHttpClient.builder().basicAuth("funnel", "pw").build();
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"a\"}").build());
    basic.execute(basic.get(server.url("/x")), Info.class);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Basic ZnVubmVsOnB3");
    assertThat(basic.toString()).contains("auth=basic").doesNotContain("pw");
  }

  @Test
  void theRetryAfterA401CarriesTheUserAgentToo() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"fresh\"}").build());
    http.execute(http.get(server.url("/x")), Info.class);
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).startsWith("spe-sdk/");
    assertThat(server.takeRequest().getHeaders().get("User-Agent")).startsWith("spe-sdk/");
  }

  @Test
  void headersTheCallerSetWin() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"a\"}").build());
    Request own =
        new Request.Builder()
            .url(server.url("/x"))
            .header("Authorization", "Bearer caller-token")
            .header("User-Agent", "my-tool/1")
            .build();
    http.execute(own, Info.class);
    var sent = server.takeRequest().getHeaders();
    assertThat(sent.get("Authorization")).isEqualTo("Bearer caller-token");
    assertThat(sent.get("User-Agent")).isEqualTo("my-tool/1");
    assertThat(sent.values("Authorization")).hasSize(1);
    assertThat(tokens.invalidations).hasValue(0);
  }
}

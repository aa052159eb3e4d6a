package de.denbi.spe.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.PagingException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.http.RetryPolicy;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies no well-behaved server sends: clear exceptions, bounded memory, no endless loops. */
class HostileRepliesTest {
  private MockWebServer server;
  private TesClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = TesClient.builder()
        .baseUrl(server.url("/ga4gh/tes/v1").toString())
        .discoverBasePath(false)
        .apiVersion(TesApiVersion.V1_1)
        .http(h -> h.retryPolicy(RetryPolicy.defaults().withMaxAttempts(2).withDelays(Duration.ofMillis(1), Duration.ofMillis(2))))
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  @Test
  void truncatedJson() {
    enqueue(200, "{\"id\":\"t1\",\"state\":\"RUN");
    assertThatThrownBy(() -> client.getTask("t1"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("TesTask");
  }

  @Test
  void wrongTypes() {
    enqueue(200, "{\"id\":\"t1\",\"executors\":\"not a list\"}");
    assertThatThrownBy(() -> client.getTask("t1")).isInstanceOf(InvalidResponseException.class);
    enqueue(200, "[1,2,3]");
    assertThatThrownBy(() -> client.listTasks().stream().count()).isInstanceOf(InvalidResponseException.class);
    enqueue(200, "{\"tasks\":[],\"next_page_token\":\"\"} trailing");
    assertThatThrownBy(() -> client.listTasks().stream().count()).isInstanceOf(InvalidResponseException.class);
    enqueue(200, "null");
    assertThatThrownBy(() -> client.getTask("t1")).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void aTenMegabyteErrorBodyIsReadOnlyInPart() {
    Buffer big = new Buffer();
    String chunk = "x".repeat(1024);
    for (int i = 0; i < 10 * 1024; i++) {
      big.writeUtf8(chunk);
    }
    server.enqueue(new MockResponse.Builder().code(400).body(big).build());
    assertThatThrownBy(() -> client.getTask("t1"))
        .isInstanceOf(BadRequestException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(70_000));
  }

  @Test
  void aHugeSuccessfulReplyIsCutOffNotBuffered() {
    TesClient small = TesClient.builder()
        .baseUrl(server.url("/ga4gh/tes/v1").toString())
        .discoverBasePath(false).apiVersion(TesApiVersion.V1_1)
        .http(h -> h.maxResponseBytes(1024 * 1024))
        .build();
    Buffer big = new Buffer().writeUtf8("{\"tasks\":[");
    String task = "{\"id\":\"" + "x".repeat(1000) + "\",\"state\":\"QUEUED\"},";
    for (int i = 0; i < 3000; i++) {
      big.writeUtf8(task);
    }
    big.writeUtf8("{\"id\":\"last\"}]}");
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(big).build());
    assertThatThrownBy(() -> small.listTasks().stream().count())
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("1048576");
  }

  @Test
  void aPageTokenThatNeverEndsStops() {
    for (int i = 0; i < 50; i++) {
      enqueue(200, "{\"tasks\":[{\"id\":\"t" + i + "\",\"state\":\"QUEUED\"}],\"next_page_token\":\"same\"}");
    }
    assertThatThrownBy(() -> client.listTasks().stream().count())
        .isInstanceOf(PagingException.class)
        .hasMessageContaining("page token it had sent before");
    server.close();
  }

  @Test
  void endlessNewTokensStopAtTheLimit() {
    for (int i = 0; i < 12; i++) {
      enqueue(200, "{\"tasks\":[{\"id\":\"t" + i + "\"}],\"next_page_token\":\"p" + i + "\"}");
    }
    assertThatThrownBy(() -> client.listTasks().withMaxPages(10).stream().count()).isInstanceOf(PagingException.class);
  }

  @Test
  void grpcGatewayErrorsAreMappedByTheirCode() {
    enqueue(500, "{\"error\":\"task not found\",\"code\":5,\"message\":\"task not found\"}");
    assertThatThrownBy(() -> client.getTask("t1")).isInstanceOf(NotFoundException.class).hasMessageContaining("task not found");
    // grpc-gateway (Funnel): the numeric gRPC status says what the 500 means (3 = INVALID_ARGUMENT)
    enqueue(500, "{\"code\":3,\"message\":\"executors: required\"}");
    assertThatThrownBy(() -> client.createTask(t -> t.executor(TesExecutor.of("i", "c"))))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("executors: required");
    enqueue(500, "{\"msg\":\"Task abc does not exist\",\"status_code\":500}");
    assertThatThrownBy(() -> client.getTask("abc")).isInstanceOf(NotFoundException.class);
    enqueue(500, "{\"msg\":\"database down\"}");
    enqueue(500, "{\"msg\":\"database down\"}");
    assertThatThrownBy(() -> client.getTask("abc")).isInstanceOf(ServerErrorException.class);
  }

  @Test
  void aCreateWhoseConnectionDropsIsNotSentAgain() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueue(200, "{\"id\":\"second\"}");
    assertThatThrownBy(() -> client.createTask(t -> t.executor(TesExecutor.of("i", "c"))))
        .isInstanceOf(SpeConnectionException.class)
        .hasMessageContaining("may have reached the server");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aCreateReplyWithoutIdSaysTheTaskMayExist() {
    enqueue(200, "{}");
    assertThatThrownBy(() -> client.createTask(t -> t.executor(TesExecutor.of("i", "c"))))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("may have been created");
  }

  @Test
  void secretsInTheReplyAreNotEchoed() {
    TesClient withToken = TesClient.builder()
        .baseUrl(server.url("/ga4gh/tes/v1").toString())
        .discoverBasePath(false).apiVersion(TesApiVersion.V1_1)
        .tokenSource(de.denbi.spe.core.auth.AccessTokenSource.of("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"))
        .build();
    enqueue(400, "{\"msg\":\"bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\"}");
    assertThatThrownBy(() -> withToken.getTask("t"))
        .isInstanceOf(BadRequestException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2lnbmF0dXJl"));
  }
}

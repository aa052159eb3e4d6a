package de.denbi.spe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.ConflictException;
import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.SpeServiceException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  record Run(String runId, int count) {}

  private MockWebServer server;
  private SpeHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = SpeHttpClient.builder().serviceName("WES").retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void reply(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("X-Request-Id", "req-42").body(body).build());
  }

  @Test
  void ga4ghErrorBodyBecomesTheRightException() {
    reply(404, "{\"msg\":\"The requested run wasn't found\",\"status_code\":404}");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/runs/abc")), Run.class))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.requestId()).contains("req-42");
              assertThat(e.serverMessage()).contains("The requested run wasn't found");
              assertThat(e.errorBody().orElseThrow().get("status_code").asInt()).isEqualTo(404);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .startsWith("WES answered HTTP 404 to GET " + server.url("/runs/abc"))
                  .contains("(request id req-42)")
                  .contains("check the id");
            });
  }

  @Test
  void statusesMapToTheirTypes() {
    Map<Integer, Class<? extends SpeServiceException>> expected =
        Map.of(400, BadRequestException.class, 403, ForbiddenException.class, 409, ConflictException.class,
            500, ServerErrorException.class, 418, SpeServiceException.class);
    expected.forEach(
        (code, type) -> {
          reply(code, "{\"message\":\"m\"}");
          assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Run.class)).isExactlyInstanceOf(type);
        });
  }

  @Test
  void slurmrestdAndOpenStackErrorShapesAreRead() {
    reply(500, "{\"errors\":[{\"error_number\":2017,\"error\":\"Invalid job id specified\"}]}");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/job/9")), Run.class))
        .hasMessageContaining("Invalid job id specified");
    reply(400, "{\"badRequest\":{\"message\":\"Invalid flavorRef\",\"code\":400}}");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/servers")), Run.class))
        .hasMessageContaining("Invalid flavorRef");
  }

  @Test
  void aHugeErrorBodyIsReadOnlyUpToTheLimit() {
    Buffer big = new Buffer();
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 160; i++) { // 10 MiB
      big.write(chunk);
    }
    server.enqueue(new MockResponse.Builder().code(500).body(big).build());
    SpeHttpClient small = http.newBuilder().maxErrorBodyBytes(1024).build();

    assertThatThrownBy(() -> small.execute(small.get(server.url("/x")), Run.class))
        .isInstanceOfSatisfying(
            ServerErrorException.class,
            e -> {
              assertThat(e.serverMessage().orElseThrow()).contains("truncated");
              assertThat(e.getMessage().length()).isLessThan(4000);
            });
  }

  @Test
  void aHugeJsonLikeErrorBodyIsReadOnlyUpToTheLimit() {
    Buffer big = new Buffer().writeUtf8("{\"msg\":\"");
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    for (int i = 0; i < 160; i++) { // 10 MiB inside one unterminated JSON string
      big.write(chunk);
    }
    server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json").body(big).build());

    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Run.class))
        .isInstanceOfSatisfying(
            ServerErrorException.class,
            e -> {
              assertThat(e.serverMessage().orElseThrow()).contains("truncated");
              assertThat(e.errorBody()).isEmpty();
              assertThat(e.getMessage().length()).isLessThan(4000);
            });
  }

  @Test
  void redactionCopesWithHugeUnterminatedJsonStrings() {
    String huge = "{\"access_token\":\"" + "x".repeat(1_000_000);
    assertThat(Redaction.text(huge)).hasSize(huge.length());
    String escaped = "{\"password\":\"a\\\"b" + "\\n".repeat(100_000) + "\"}";
    assertThat(Redaction.text(escaped)).isEqualTo("{\"password\":\"REDACTED\"}");
  }

  @Test
  void truncatedJsonIsAnInvalidResponse() {
    reply(200, "{\"runId\":\"abc\",\"cou");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Run.class))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("Run");
  }

  @Test
  void wrongTypesAreAnInvalidResponse() {
    reply(200, "{\"runId\":\"abc\",\"count\":{\"nested\":true}}");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Run.class))
        .isInstanceOf(InvalidResponseException.class);
    reply(200, "[1,2,3]");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Run.class))
        .isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void anOversizedSuccessBodyFailsInsteadOfFillingTheHeap() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 20_000; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"runId\":\"").append(i).append("\",\"count\":1}");
    }
    reply(200, sb.append(']').toString());
    SpeHttpClient limited = http.newBuilder().maxResponseBytes(10_000).build();
    assertThatThrownBy(() -> limited.execute(limited.get(server.url("/x")), new com.fasterxml.jackson.core.type.TypeReference<List<Run>>() {}))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("larger than the limit of 10000 bytes");
  }

  @Test
  void unknownFieldsAreIgnored() {
    reply(200, "{\"runId\":\"abc\",\"count\":3,\"extra\":{\"x\":1},\"more\":[1]}");
    assertThat(http.execute(http.get(server.url("/x")), Run.class)).isEqualTo(new Run("abc", 3));
  }

  @Test
  void htmlErrorPagesDoNotBecomeTheMessage() {
    reply(502, "<!DOCTYPE html><html><body>Bad gateway from nginx</body></html>");
    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Run.class))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageNotContaining("<html>");
  }
}

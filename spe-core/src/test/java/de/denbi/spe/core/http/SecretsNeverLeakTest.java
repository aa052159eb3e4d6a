package de.denbi.spe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A token, a client secret and a presigned signature never reach logs or exception messages. */
class SecretsNeverLeakTest {
  static final String TOKEN =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6InNwZSJ9.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ";
  static final String CLIENT_SECRET = "s3cr3t-client-secret-value-42";
  static final String SIGNATURE = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
  static final String SESSION_TOKEN = "FwoGZXIvYXdzEJr-session-token-value";

  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          String msg = r.getMessage();
          if (r.getParameters() != null) {
            msg = java.text.MessageFormat.format(msg, r.getParameters());
          }
          logLines.add(msg);
          if (r.getThrown() != null) {
            logLines.add(String.valueOf(r.getThrown()));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger julRoot = Logger.getLogger("de.denbi.spe");
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    julRoot.addHandler(capture);
    julRoot.setLevel(Level.ALL);
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    julRoot.removeHandler(capture);
    julRoot.setLevel(null);
    server.close();
  }

  @Test
  void secretsStayOutOfLogsAndExceptions() {
    SpeHttpClient http =
        SpeHttpClient.builder()
            .serviceName("TEST")
            .tokenSource(AccessTokenSource.of(TOKEN))
            .logLevel(HttpLogLevel.BODY)
            .retryPolicy(RetryPolicy.none())
            .build();
    // a hostile (or careless) server echoes every secret back in headers and body
    String echo =
        "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + CLIENT_SECRET
            + " for token " + TOKEN + "\",\"client_secret\":\"" + CLIENT_SECRET
            + "\",\"access_token\":\"" + TOKEN + "\"}";
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .addHeader("Content-Type", "application/json")
            .addHeader("Set-Cookie", "session=" + SESSION_TOKEN)
            .addHeader("X-Subject-Token", TOKEN)
            .body(echo)
            .build());
    Request req =
        new Request.Builder()
            .url(
                server
                    .url("/bucket/key")
                    .newBuilder()
                    .addQueryParameter("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                    .addQueryParameter("X-Amz-Signature", SIGNATURE)
                    .addQueryParameter("X-Amz-Security-Token", SESSION_TOKEN)
                    .build())
            .post(
                new FormBody.Builder()
                    .add("grant_type", "client_credentials")
                    .add("client_secret", CLIENT_SECRET)
                    .build())
            .build();

    Throwable thrown = catchThrowable(() -> http.execute(req, Object.class));

    assertThat(thrown).isInstanceOf(SpeServiceException.class);
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    String everything =
        String.join("\n", logLines) + "\n" + trace + "\n"
            + ((SpeServiceException) thrown).errorBody().map(Object::toString).orElse("");
    assertThat(logLines).isNotEmpty();
    assertThat(String.join("\n", logLines)).contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("Bearer REDACTED");
    assertThat(thrown.getMessage()).contains("HTTP 400").contains("invalid_client").contains("bad secret");
    assertThat(everything)
        .doesNotContain(TOKEN)
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain(SIGNATURE)
        .doesNotContain(SESSION_TOKEN)
        .doesNotContain("c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ");
  }

  @Test
  void connectionFailuresDoNotLeakTheUrlSignature() throws IOException {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SpeHttpClient http = SpeHttpClient.builder().retryPolicy(RetryPolicy.none()).logLevel(HttpLogLevel.HEADERS).build();
    Request req =
        new Request.Builder()
            .url("http://127.0.0.1:" + port + "/b/k?X-Amz-Signature=" + SIGNATURE + "&access_token=" + TOKEN)
            .build();
    Throwable thrown = catchThrowable(() -> http.execute(req, Object.class));
    assertThat(thrown.getMessage()).contains("X-Amz-Signature=REDACTED").doesNotContain(SIGNATURE).doesNotContain(TOKEN);
    assertThat(String.join("\n", logLines)).doesNotContain(SIGNATURE).doesNotContain(TOKEN);
  }

  @Test
  void aBasicAuthSecretEchoedByTheServerIsScrubbed() {
    SpeHttpClient http =
        SpeHttpClient.builder().basicAuth("spe-service", CLIENT_SECRET).logLevel(HttpLogLevel.BODY).retryPolicy(RetryPolicy.none()).build();
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .addHeader("Content-Type", "application/json")
            .body("{\"error\":\"invalid_client\",\"error_description\":\"secret " + CLIENT_SECRET + " is wrong\"}")
            .build());
    Throwable thrown = catchThrowable(() -> http.execute(http.get(server.url("/token")), Object.class));
    assertThat(thrown).hasMessageContaining("invalid_client").hasMessageContaining("secret REDACTED is wrong");
    assertThat(String.join("\n", logLines)).contains("Basic REDACTED").doesNotContain(CLIENT_SECRET);
  }

  @Test
  void numericErrorCodesSurviveButStringCodesDoNot() throws Exception {
    com.fasterxml.jackson.databind.JsonNode body =
        de.denbi.spe.core.json.SpeJson.mapper().readTree("{\"code\":5,\"message\":\"task not found\",\"details\":[{\"code\":\"SplxlOBeZQQYbYS6WxSbIA\"}]}");
    assertThat(Redaction.json(body).toString())
        .isEqualTo("{\"code\":5,\"message\":\"task not found\",\"details\":[{\"code\":\"REDACTED\"}]}");
  }

  @Test
  void plainWordsAfterTokenOrBearerAreNotRedacted() {
    assertThat(Redaction.text("Refresh token not valid")).isEqualTo("Refresh token not valid");
    assertThat(Redaction.text("Bearer authentication required")).isEqualTo("Bearer authentication required");
    assertThat(Redaction.text("token 4f9a2c1e8b7d")).isEqualTo("token REDACTED");
  }

  @Test
  void redactionOfFreeText() {
    assertThat(Redaction.text("Authorization: Bearer abc.def-ghi")).isEqualTo("Authorization: Bearer REDACTED");
    assertThat(Redaction.text("client_id=x&client_secret=" + CLIENT_SECRET + "&scope=openid"))
        .isEqualTo("client_id=x&client_secret=REDACTED&scope=openid");
    assertThat(Redaction.text("<Credentials><SecretAccessKey>abc</SecretAccessKey><SessionToken>t</SessionToken></Credentials>"))
        .isEqualTo("<Credentials><SecretAccessKey>REDACTED</SecretAccessKey><SessionToken>REDACTED</SessionToken></Credentials>");
    assertThat(Redaction.text("{\"next_page_token\":\"abc\",\"password\":\"pw\"}"))
        .isEqualTo("{\"next_page_token\":\"abc\",\"password\":\"REDACTED\"}");
    assertThat(Redaction.url("https://u:p@s3.example.org/b/k?X-Amz-Credential=AKIA%2F1&versionId=3"))
        .isEqualTo("https://s3.example.org/b/k?X-Amz-Credential=REDACTED&versionId=3");
    assertThat(Redaction.url((String) null)).isNull(); // an absent stdout URL in a log record
    assertThat(Redaction.header("X-Amz-Content-Sha256", "abc")).isEqualTo("abc");
    assertThat(Redaction.header("X-SLURM-USER-TOKEN", "jwt")).isEqualTo("REDACTED");
  }
}

package de.denbi.spe.compute.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.BadRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServerErrorException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.json.SpeJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlurmRestClientTest {
  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger minted = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SlurmRestClient client(String version) {
    AccessTokenSource tokens = new AccessTokenSource() {
      @Override
      public AccessToken token() {
        return AccessToken.of("tok-" + minted.get());
      }

      @Override
      public void invalidate(AccessToken rejected) {
        minted.incrementAndGet();
      }
    };
    return SlurmRestClient.builder().baseUrl(server.url("/").toString()).user("alice")
        .apiVersion(version).tokenSource(tokens)
        .httpClient(SpeHttpClient.builder().retryPolicy(RetryPolicy.none()).build()).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void submitSendsTheJwtHeadersAndTheV38Body() throws Exception {
    server.enqueue(json(200, "{\"job_id\": 42, \"errors\": []}"));
    String id = client("v0.0.38").submit(JobSpec.builder().name("n$(x)").command("echo", "a b")
        .partition("debug").timeLimit(Duration.ofMinutes(5)).env("K", "v'1").nodes(1).build());
    assertThat(id).isEqualTo("42");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/slurm/v0.0.38/job/submit");
    assertThat(r.getHeaders().get("X-SLURM-USER-NAME")).isEqualTo("alice");
    assertThat(r.getHeaders().get("X-SLURM-USER-TOKEN")).isEqualTo("tok-0");
    JsonNode body = SpeJson.mapper().readTree(r.getBody().utf8());
    assertThat(body.path("job").path("name").asText()).isEqualTo("n$(x)");
    assertThat(body.path("job").path("time_limit").asInt()).isEqualTo(5);
    assertThat(body.path("job").path("environment").path("K").asText()).isEqualTo("v'1");
    assertThat(body.path("job").path("environment").path("PATH").asText()).isNotEmpty();
    assertThat(body.path("job").path("current_working_directory").asText()).isEqualTo("/tmp");
    assertThat(body.path("script").asText()).contains("echo 'a b'").contains("export K='v'\\''1'");
  }

  @Test
  void laterVersionsWrapNumbersAndListTheEnvironment() throws Exception {
    server.enqueue(json(200, "{\"job_id\": 43}"));
    client("v0.0.40").submit(JobSpec.builder().name("n").command("true").env("K", "v")
        .timeLimit(Duration.ofMinutes(2)).build());
    JsonNode job = SpeJson.mapper().readTree(server.takeRequest().getBody().utf8()).path("job");
    assertThat(job.path("time_limit").path("number").asInt()).isEqualTo(2);
    assertThat(job.path("environment").isArray()).isTrue();
    assertThat(job.path("environment").toString()).contains("\"K=v\"");
  }

  @Test
  void error2017IsNotFoundAndOtherSlurmErrorsAreBadRequests() {
    server.enqueue(json(500, "{\"errors\":[{\"description\":\"Unable to find JobId=9\",\"error_number\":2017,"
        + "\"error\":\"Invalid job id specified\",\"source\":\"slurm_load_job\"}],\"jobs\":[]}"));
    assertThatThrownBy(() -> client("v0.0.38").status("9"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("2017").hasMessageContaining("Invalid job id");
    server.enqueue(json(500, "{\"errors\":[{\"error_code\":2000,\"error\":\"Invalid partition name specified\"}]}"));
    assertThatThrownBy(() -> client("v0.0.38").submit(JobSpec.builder().name("n").command("true").build()))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("partition");
    server.enqueue(json(500, "{\"errors\":[{\"errno\":2017,\"error\":\"Invalid job id specified\"}]}"));
    assertThatThrownBy(() -> client("v0.0.37").cancel("9")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRejectedTokenIsRenewedOnceAndNeverShown() throws Exception {
    server.enqueue(json(401, "{\"errors\":[{\"error\":\"Authentication failure\"}]}"));
    server.enqueue(json(200, "{\"jobs\":[{\"job_id\":5,\"job_state\":\"RUNNING\",\"name\":\"x\",\"user_name\":\"alice\"}]}"));
    JobStatus s = client("v0.0.38").status("5");
    assertThat(s.state()).isEqualTo(JobState.RUNNING);
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("X-SLURM-USER-TOKEN")).isEqualTo("tok-1");
    server.enqueue(json(500, "{\"errors\":[{\"error_number\":-1,\"error\":\"Unspecified error\"}]}"));
    assertThatThrownBy(() -> client("v0.0.38").jobs())
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("JWT")
        .hasMessageNotContaining("tok-");
  }

  @Test
  void statusesOfArraysAndExitCodesAcrossVersions() {
    server.enqueue(json(200, """
        {"jobs":[
         {"job_id":7,"job_state":"COMPLETED","exit_code":0,"name":"a","user_name":"alice"},
         {"job_id":8,"job_state":"FAILED","exit_code":768,"name":"b","user_name":"alice"},
         {"job_id":11,"array_job_id":10,"array_task_id":1,"job_state":"COMPLETED","exit_code":0,"user_name":"alice"},
         {"job_id":10,"array_job_id":10,"array_task_id":0,"job_state":"RUNNING","user_name":"alice"}
        ]}"""));
    var s = client("v0.0.38").statuses(List.of("7", "8", "10", "99"));
    assertThat(s).containsOnlyKeys("7", "8", "10");
    assertThat(s.get("8").exitCode()).isEqualTo(3);
    assertThat(s.get("10").state()).isEqualTo(JobState.RUNNING);
    assertThat(s.get("10").tasks()).hasSize(2);
    server.enqueue(json(200, """
        {"jobs":[{"job_id":9,"job_state":["FAILED"],"exit_code":{"status":["EXITED"],
          "return_code":{"set":true,"infinite":false,"number":2}},"array_job_id":{"set":true,"number":0},
          "user_name":"alice"}]}"""));
    JobStatus v40 = client("v0.0.40").status("9");
    assertThat(v40.state()).isEqualTo(JobState.FAILED);
    assertThat(v40.exitCode()).isEqualTo(2);
  }

  @Test
  void mintedTokensAreHs256WithTheUserClaim() throws Exception {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    AccessToken t = SlurmTokens.mint("alice", key, Duration.ofMinutes(10), clock);
    String[] parts = t.value().split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode claims = SpeJson.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.path("sun").asText()).isEqualTo("alice");
    assertThat(claims.path("exp").asLong()).isEqualTo(1_700_000_600L);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    byte[] sig = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(sig)).isEqualTo(parts[2]);
    assertThat(t.toString()).doesNotContain(parts[2]);
  }
}

package de.denbi.spe.testkit.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.denbi.spe.testkit.S3ProxyFixture;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Http;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FakeTesServerTest {
  @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.http();

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private FakeTesServer tes;

  @BeforeEach
  void start() {
    tes = FakeTesServer.builder().progression(FakeTesServer.Progression.MANUAL).build().start();
  }

  @AfterEach
  void stop() {
    tes.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tes.rootUrl() + path));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private String create(String name) throws Exception {
    return json(call("POST", "/ga4gh/tes/v1/tasks",
        "{\"name\":\"" + name + "\",\"executors\":[{\"image\":\"alpine\",\"command\":[\"true\"]}]}", null)).get("id").asText();
  }

  @Test
  void servesTheEndpointsAndViews() throws Exception {
    JsonNode info = json(call("GET", "/ga4gh/tes/v1/service-info", null, null));
    assertThat(info.at("/type/version").asText()).isEqualTo("1.1.0");
    String id = create("a");
    assertThat(json(call("GET", "/ga4gh/tes/v1/tasks/" + id, null, null)).fieldNames()).toIterable().containsExactly("id", "state");
    tes.finish(id);
    JsonNode basic = json(call("GET", "/ga4gh/tes/v1/tasks/" + id + "?view=BASIC", null, null));
    assertThat(basic.at("/logs/0/logs/0").has("stdout")).isFalse();
    assertThat(basic.at("/logs/0").has("system_logs")).isFalse();
    JsonNode full = json(call("GET", "/ga4gh/tes/v1/tasks/" + id + "?view=FULL", null, null));
    assertThat(full.at("/logs/0/logs/0/stdout").asText()).contains("alpine true");
    assertThat(full.at("/state").asText()).isEqualTo("COMPLETE");
    assertThat(call("GET", "/ga4gh/tes/v1/tasks/nope", null, null).statusCode()).isEqualTo(404);
    assertThat(call("POST", "/ga4gh/tes/v1/tasks", "{\"executors\":[]}", null).statusCode()).isEqualTo(400);
    assertThat(call("POST", "/ga4gh/tes/v1/tasks", "not json", null).statusCode()).isEqualTo(400);
    assertThat(call("GET", "/ga4gh/tes/v1/tasks?page_size=2048", null, null).statusCode()).isEqualTo(400);
    assertThat(call("GET", "/ga4gh/tes/v1/tasks?page_token=garbage", null, null).statusCode()).isEqualTo(400);
    assertThat(call("GET", "/other", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void progressesOnPollAndCancels() throws Exception {
    try (FakeTesServer polled = FakeTesServer.builder().build().start()) {
      String id = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(polled.url() + "/tasks"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"executors\":[{\"image\":\"a\",\"command\":[\"b\"]}]}")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
      assertThat(polled.state(id)).isEqualTo("QUEUED");
      for (String expected : List.of("INITIALIZING", "RUNNING", "COMPLETE", "COMPLETE")) {
        String got = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(polled.url() + "/tasks/" + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body()).get("state").asText();
        assertThat(got).isEqualTo(expected);
      }
    }
    String id = create("c");
    assertThat(call("POST", "/ga4gh/tes/v1/tasks/" + id + ":cancel", null, null).body()).isEqualTo("{}");
    assertThat(tes.state(id)).isEqualTo("CANCELING");
    assertThat(tes.advance(id)).isEqualTo("CANCELED");
  }

  @Test
  void filtersAndPages() throws Exception {
    for (int i = 0; i < 5; i++) {
      create("job-" + i);
    }
    String other = json(call("POST", "/ga4gh/tes/v1/tasks",
        "{\"name\":\"x\",\"tags\":{\"k\":\"v\"},\"executors\":[{\"image\":\"a\",\"command\":[\"b\"]}]}", null)).get("id").asText();
    tes.finish(other);
    JsonNode p1 = json(call("GET", "/ga4gh/tes/v1/tasks?page_size=4", null, null));
    assertThat(p1.get("tasks")).hasSize(4);
    assertThat(p1.get("tasks").get(0).get("id").asText()).as("newest first").isEqualTo(other);
    JsonNode p2 = json(call("GET", "/ga4gh/tes/v1/tasks?page_size=4&page_token=" + p1.get("next_page_token").asText(), null, null));
    assertThat(p2.get("tasks")).hasSize(2);
    assertThat(p2.has("next_page_token")).isFalse();
    assertThat(json(call("GET", "/ga4gh/tes/v1/tasks?name_prefix=job-", null, null)).get("tasks")).hasSize(5);
    assertThat(json(call("GET", "/ga4gh/tes/v1/tasks?state=COMPLETE", null, null)).get("tasks")).hasSize(1);
    assertThat(json(call("GET", "/ga4gh/tes/v1/tasks?tag_key=k&tag_value=v", null, null)).get("tasks")).hasSize(1);
    assertThat(json(call("GET", "/ga4gh/tes/v1/tasks?tag_key=k&tag_value=w", null, null)).get("tasks")).isEmpty();
    assertThat(json(call("GET", "/ga4gh/tes/v1/tasks?tag_key=k", null, null)).get("tasks")).hasSize(1);
  }

  @Test
  void authFaultsAndDialects() throws Exception {
    try (FakeTesServer secured = FakeTesServer.builder().bearerToken("good").build().start()) {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(secured.url() + "/service-info"));
      assertThat(http.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      assertThat(http.send(r.header("Authorization", "Bearer good").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      secured.acceptOnlyTokens("new");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(secured.url() + "/service-info")).header("Authorization", "Bearer good").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      assertThat(secured.exchanges().get(0).requestHeaders().getOrDefault("authorization", List.of())).doesNotContain("Bearer good");
    }
    try (FakeTesServer funnel = FakeTesServer.builder().dialect(FakeTesServer.Dialect.FUNNEL).basicAuth("u", "p").build().start()) {
      String basic = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create(funnel.rootUrl() + "/v1/tasks")).header("Authorization", basic).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(empty.body()).isEqualTo("{}");
      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(funnel.rootUrl() + "/v1/tasks/x")).header("Authorization", basic).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(missing.body()).get("code").asInt()).isEqualTo(5);
    }
    try (FakeTesServer tesk = FakeTesServer.builder().dialect(FakeTesServer.Dialect.TESK).build().start()) {
      JsonNode info = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(tesk.url() + "/service-info")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(info.has("type")).isFalse();
      assertThat(info.get("name").asText()).isEqualTo("TESK");
    }
    tes.failNext(2, 503, "GET", "/service-info");
    assertThat(call("GET", "/ga4gh/tes/v1/service-info", null, null).statusCode()).isEqualTo(503);
    assertThat(call("GET", "/ga4gh/tes/v1/service-info", null, null).statusCode()).isEqualTo(503);
    assertThat(call("GET", "/ga4gh/tes/v1/service-info", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void tes10ModeDropsNewFieldsAndIgnoresNewFilters() throws Exception {
    try (FakeTesServer old = FakeTesServer.builder().apiVersion("1.0.0").build().start()) {
      String body = "{\"name\":\"n\",\"resources\":{\"backend_parameters\":{\"VmSize\":\"s\"}},"
          + "\"executors\":[{\"image\":\"a\",\"command\":[\"b\"],\"ignore_error\":true}]}";
      String id = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(old.url() + "/tasks"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
      JsonNode stored = old.task(id);
      assertThat(stored.at("/resources").has("backend_parameters")).isFalse();
      assertThat(stored.at("/executors/0").has("ignore_error")).isFalse();
      JsonNode all = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(old.url() + "/tasks?state=COMPLETE")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(all.get("tasks")).as("1.0 has no state filter").hasSize(1);
    }
  }

  @Test
  void stagesPresignedS3InputsAndOutputs() throws Exception {
    MinioClient minio = MinioClient.builder().endpoint(s3.endpoint().toString()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).build();
    String bucket = "tes-staging";
    minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    byte[] in = "hello tes".getBytes(StandardCharsets.UTF_8);
    minio.putObject(PutObjectArgs.builder().bucket(bucket).object("in.txt").stream(new ByteArrayInputStream(in), (long) in.length, -1L).build());
    String get = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(bucket).object("in.txt").expiry(10, TimeUnit.MINUTES).build());
    String put = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.PUT).bucket(bucket).object("out.txt").expiry(10, TimeUnit.MINUTES).build());
    Function<TaskRunner.Context, byte[]> upper = ctx -> ctx.inputText("/data/in.txt").toUpperCase().getBytes(StandardCharsets.UTF_8);
    try (FakeTesServer staging = FakeTesServer.builder().stageFiles(true).progression(FakeTesServer.Progression.MANUAL)
        .runner(TaskRunner.writing(Map.of("/data/out.txt", upper))).build().start()) {
      String body = JSON.createObjectNode()
          .set("executors", JSON.createArrayNode().add(JSON.createObjectNode().put("image", "alpine")
              .set("command", JSON.createArrayNode().add("tr").add("a-z").add("A-Z")))).toString();
      JsonNode task = JSON.readTree(body);
      ((com.fasterxml.jackson.databind.node.ObjectNode) task).putArray("inputs").addObject().put("url", get).put("path", "/data/in.txt");
      ((com.fasterxml.jackson.databind.node.ObjectNode) task).putArray("outputs").addObject().put("url", put).put("path", "/data/out.txt");
      String id = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(staging.url() + "/tasks"))
          .POST(HttpRequest.BodyPublishers.ofString(task.toString())).build(), HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
      assertThat(staging.finish(id)).isEqualTo("COMPLETE");
      JsonNode log = staging.task(id).at("/logs/0/outputs/0");
      assertThat(log.get("size_bytes").asText()).isEqualTo("9");
      assertThat(log.get("url").asText()).as("no signature in logs").doesNotContain("X-Amz-Signature");
    }
    try (var obj = minio.getObject(GetObjectArgs.builder().bucket(bucket).object("out.txt").build())) {
      assertThat(new String(obj.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("HELLO TES");
    }
  }

  @Test
  void stagingFailuresAreSystemErrors() throws Exception {
    try (FakeTesServer staging = FakeTesServer.builder().stageFiles(true).build().start()) {
      String body = "{\"inputs\":[{\"url\":\"s3://bucket/key\",\"path\":\"/in\"}],\"executors\":[{\"image\":\"a\",\"command\":[\"b\"]}]}";
      String id = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(staging.url() + "/tasks"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
      assertThat(staging.finish(id)).isEqualTo("SYSTEM_ERROR");
      assertThat(staging.task(id).at("/logs/0/system_logs/0").asText()).contains("only fetch http(s)");
      String noOutput = "{\"outputs\":[{\"url\":\"http://127.0.0.1:1/x\",\"path\":\"/out\"}],\"executors\":[{\"image\":\"a\",\"command\":[\"b\"]}]}";
      String id2 = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(staging.url() + "/tasks"))
          .POST(HttpRequest.BodyPublishers.ofString(noOutput)).build(), HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
      assertThat(staging.finish(id2)).isEqualTo("SYSTEM_ERROR");
      assertThat(staging.task(id2).at("/logs/0/system_logs/0").asText()).contains("was not produced");
    }
    assertThatThrownBy(() -> tes.task("none")).isInstanceOf(IllegalArgumentException.class);
  }
}

package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the local OpenStack: a Keystone token from the application credential (what
 * openstack4j cannot do by itself), and in full mode a server that reaches ACTIVE, created by
 * plain REST calls against Nova, Neutron and Glance found in the token's catalog.
 */
@RequiresLocalService(LocalService.OPENSTACK)
class OpenStackSmokeIT {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient.Builder()
      .readTimeout(60, TimeUnit.SECONDS).build();
  private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(180);

  record Token(String id, JsonNode body) {

    /** The public endpoint of a service type in a region, without trailing slash. */
    String endpoint(String type, String region) {
      for (JsonNode svc : body.path("token").path("catalog")) {
        if (!svc.path("type").asText().equals(type)) {
          continue;
        }
        for (JsonNode ep : svc.path("endpoints")) {
          if (ep.path("interface").asText().equals("public")
              && (region == null || ep.path("region").asText().equals(region)
                  || ep.path("region_id").asText().equals(region))) {
            String url = ep.path("url").asText();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
          }
        }
      }
      throw new AssertionError("no public " + type + " endpoint in the catalog");
    }
  }

  static Token token(OpenStackCoordinates os) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode identity = body.putObject("auth").putObject("identity");
    identity.putArray("methods").add("application_credential");
    identity.putObject("application_credential")
        .put("id", os.applicationCredentialId())
        .put("secret", os.applicationCredentialSecret());
    String auth = os.authUrl().toString();
    Request req = new Request.Builder()
        .url((auth.endsWith("/") ? auth : auth + "/") + "auth/tokens")
        .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE))
        .build();
    try (Response r = HTTP.newCall(req).execute()) {
      String text = r.body().string();
      assertThat(r.code()).as("POST /v3/auth/tokens answered %s", r.code()).isEqualTo(201);
      String subjectToken = r.header("X-Subject-Token");
      assertThat(subjectToken).isNotBlank();
      return new Token(subjectToken, JSON.readTree(text));
    }
  }

  private static JsonNode call(Token t, String method, String url, JsonNode body, int... ok)
      throws IOException {
    Request.Builder b = new Request.Builder().url(url).header("X-Auth-Token", t.id())
        .header("Accept", "application/json");
    b.method(method, body == null ? null
        : RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE));
    try (Response r = HTTP.newCall(b.build()).execute()) {
      String text = r.body().string();
      for (int code : ok) {
        if (r.code() == code) {
          return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        }
      }
      throw new AssertionError(method + " " + url + " answered " + r.code() + ": " + text);
    }
  }

  private static String idByName(JsonNode list, String name, String what) {
    for (JsonNode n : list) {
      if (n.path("name").asText().equals(name)) {
        return n.path("id").asText();
      }
    }
    throw new AssertionError("no " + what + " named " + name);
  }

  @Test
  void keystoneTokenFromApplicationCredential(OpenStackCoordinates os) throws Exception {
    Token t = token(os);
    JsonNode token = t.body().path("token");
    assertThat(token.path("methods").toString()).contains("application_credential");
    assertThat(token.path("application_credential").path("id").asText())
        .isEqualTo(os.applicationCredentialId());
    assertThat(token.path("project").path("id").asText()).isNotBlank();
    assertThat(t.endpoint("identity", os.region())).startsWith("http://127.0.0.1:");
  }

  @Test
  @RequiresLocalService(value = LocalService.OPENSTACK, openstackMode = OpenStackMode.FULL)
  void serverReachesActive(OpenStackCoordinates os) throws Exception {
    assertThat(os.flavor()).as("SPE_OS_FLAVOR").isNotNull();
    Token t = token(os);
    String nova = t.endpoint("compute", os.region());
    String glance = t.endpoint("image", os.region());
    String neutron = t.endpoint("network", os.region());

    String flavorId = idByName(call(t, "GET", nova + "/flavors", null, 200).path("flavors"),
        os.flavor(), "flavor");
    String imageId = idByName(call(t, "GET", HttpUrl.get(glance + "/v2/images").newBuilder()
        .addQueryParameter("name", os.image()).build().toString(), null, 200).path("images"),
        os.image(), "image");
    String networkId = idByName(call(t, "GET", HttpUrl.get(neutron + "/v2.0/networks")
        .newBuilder().addQueryParameter("name", os.network()).build().toString(), null, 200)
        .path("networks"), os.network(), "network");

    ObjectNode create = JSON.createObjectNode();
    ObjectNode server = create.putObject("server");
    server.put("name", "spe-it-" + UUID.randomUUID().toString().substring(0, 8));
    server.put("flavorRef", flavorId);
    server.put("imageRef", imageId);
    server.putArray("networks").addObject().put("uuid", networkId);
    String serverId = call(t, "POST", nova + "/servers", create, 202)
        .path("server").path("id").asText();
    assertThat(serverId).isNotBlank();
    try {
      long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
      String status;
      while (true) {
        JsonNode s = call(t, "GET", nova + "/servers/" + serverId, null, 200).path("server");
        status = s.path("status").asText();
        if (status.equals("ACTIVE")) {
          break;
        }
        if (status.equals("ERROR")) {
          fail("server " + serverId + " went to ERROR: " + s.path("fault"));
        }
        if (System.nanoTime() > deadline) {
          fail("server " + serverId + " still " + status + " after " + ACTIVE_TIMEOUT);
        }
        Thread.sleep(1000);
      }
      assertThat(status).isEqualTo("ACTIVE");
    } finally {
      call(t, "DELETE", nova + "/servers/" + serverId, null, 204, 404);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        Request get = new Request.Builder().url(nova + "/servers/" + serverId)
            .header("X-Auth-Token", t.id()).build();
        try (Response r = HTTP.newCall(get).execute()) {
          if (r.code() == 404) {
            break;
          }
        }
        Thread.sleep(1000);
      }
    }
  }
}

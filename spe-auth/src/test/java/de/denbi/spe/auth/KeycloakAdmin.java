package de.denbi.spe.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The few Keycloak admin REST calls the integration test needs (users, client scopes). */
final class KeycloakAdmin {
  private static final MediaType JSON = MediaType.get("application/json");
  private final OkHttpClient http = new OkHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final String base;
  private final String realm;
  private final String token;

  KeycloakAdmin(String baseUrl, String realm, String user, String password) throws IOException {
    this.base = baseUrl;
    this.realm = realm;
    Request r = new Request.Builder().url(base + "/realms/master/protocol/openid-connect/token")
        .post(new FormBody.Builder().add("grant_type", "password").add("client_id", "admin-cli")
            .add("username", user).add("password", password).build()).build();
    this.token = read(r).get("access_token").asText();
  }

  JsonNode get(String path) throws IOException {
    return read(req(path).get().build());
  }

  /** POSTs JSON and returns the id from the Location header, if any. */
  String post(String path, Object body) throws IOException {
    try (Response r = http.newCall(req(path).post(RequestBody.create(json.writeValueAsBytes(body), JSON)).build())
        .execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("POST " + path + ": HTTP " + r.code() + " " + r.body().string());
      }
      String loc = r.header("Location");
      return loc == null ? null : loc.substring(loc.lastIndexOf('/') + 1);
    }
  }

  void put(String path, Object body) throws IOException {
    RequestBody b = RequestBody.create(body == null ? new byte[0] : json.writeValueAsBytes(body), JSON);
    try (Response r = http.newCall(req(path).put(b).build()).execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("PUT " + path + ": HTTP " + r.code() + " " + r.body().string());
      }
    }
  }

  void delete(String path) throws IOException {
    try (Response r = http.newCall(req(path).delete().build()).execute()) {
      if (!r.isSuccessful() && r.code() != 404) {
        throw new IOException("DELETE " + path + ": HTTP " + r.code());
      }
    }
  }

  private Request.Builder req(String path) {
    return new Request.Builder().url(base + "/admin/realms/" + realm + path)
        .header("Authorization", "Bearer " + token);
  }

  private JsonNode read(Request r) throws IOException {
    try (Response resp = http.newCall(r).execute()) {
      String body = resp.body().string();
      if (!resp.isSuccessful()) {
        throw new IOException(r.method() + " " + r.url().encodedPath() + ": HTTP " + resp.code());
      }
      return json.readTree(body);
    }
  }
}

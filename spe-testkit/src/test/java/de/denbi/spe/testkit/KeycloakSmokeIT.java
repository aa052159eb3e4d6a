package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the local Keycloak: discover the token endpoint, get a token with the client
 * credentials of {@code spe-service}, and check its {@code iss} and {@code azp}.
 */
@RequiresLocalService(LocalService.KEYCLOAK)
class KeycloakSmokeIT {

  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void clientCredentialsToken(OidcCoordinates oidc) throws Exception {
    JsonNode discovery;
    try (Response r = HTTP.newCall(new Request.Builder().url(oidc.discoveryUrl().toString())
        .build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      discovery = JSON.readTree(r.body().string());
    }
    assertThat(discovery.get("issuer").asText()).isEqualTo(oidc.issuer().toString());
    String tokenEndpoint = discovery.get("token_endpoint").asText();

    Request req = new Request.Builder().url(tokenEndpoint)
        .header("Authorization",
            Credentials.basic(oidc.serviceClientId(), oidc.serviceClientSecret()))
        .post(new FormBody.Builder().add("grant_type", "client_credentials").build())
        .build();
    JsonNode token;
    try (Response r = HTTP.newCall(req).execute()) {
      String body = r.body().string();
      assertThat(r.code()).as("token endpoint answered %s", r.code()).isEqualTo(200);
      token = JSON.readTree(body);
    }
    assertThat(token.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
    String[] parts = token.get("access_token").asText().split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8));
    assertThat(claims.get("iss").asText()).isEqualTo(oidc.issuer().toString());
    assertThat(claims.get("azp").asText()).isEqualTo(oidc.serviceClientId());
    assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
  }
}

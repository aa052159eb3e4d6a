package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MockOAuth2FixtureTest {

  @RegisterExtension static MockOAuth2Fixture oidc = MockOAuth2Fixture.create();

  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode get(URI uri) throws Exception {
    try (Response r = HTTP.newCall(new Request.Builder().url(uri.toString()).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      return JSON.readTree(r.body().string());
    }
  }

  private static JWTClaimsSet verified(String jwt) throws Exception {
    SignedJWT signed = SignedJWT.parse(jwt);
    assertThat(signed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    JWKSet keys = JWKSet.parse(get(oidc.jwksUri()).toString());
    RSAKey key = (RSAKey) keys.getKeyByKeyId(signed.getHeader().getKeyID());
    assertThat(signed.verify(new RSASSAVerifier(key))).isTrue();
    return signed.getJWTClaimsSet();
  }

  @Test
  void boundToLoopbackWithDiscovery() throws Exception {
    assertThat(oidc.issuer().getHost()).isEqualTo("127.0.0.1");
    assertThat(oidc.issuer().getPath()).isEqualTo("/spe");
    JsonNode discovery = get(oidc.discoveryUrl());
    assertThat(discovery.get("issuer").asText()).isEqualTo(oidc.issuer().toString());
    assertThat(discovery.get("token_endpoint").asText())
        .isEqualTo(oidc.tokenEndpoint().toString());
    assertThat(discovery.get("jwks_uri").asText()).isEqualTo(oidc.jwksUri().toString());
  }

  @Test
  void issuesTokensWithSubjectAndClaims() throws Exception {
    String jwt = oidc.issueToken("alice-sub", Map.of(
        "eduperson_entitlement", List.of("urn:geant:lifescience-ri.eu:group:vo1#aai.lifescience-ri.eu"),
        "email", "alice@example.org"));
    JWTClaimsSet claims = verified(jwt);
    assertThat(claims.getSubject()).isEqualTo("alice-sub");
    assertThat(claims.getIssuer()).isEqualTo(oidc.issuer().toString());
    assertThat(claims.getAudience()).containsExactly(MockOAuth2Fixture.DEFAULT_AUDIENCE);
    assertThat(claims.getStringListClaim("eduperson_entitlement"))
        .containsExactly("urn:geant:lifescience-ri.eu:group:vo1#aai.lifescience-ri.eu");
    assertThat(claims.getStringClaim("email")).isEqualTo("alice@example.org");
    assertThat(claims.getExpirationTime()).isAfter(new Date());
  }

  @Test
  void tokenEndpointGrantsClientCredentialsWithEnqueuedClaims() throws Exception {
    oidc.enqueueToken("ignored-for-client-credentials", Map.of("site", "de.NBI-test"));
    OidcCoordinates c = oidc.coordinates();
    String basic = Base64.getEncoder().encodeToString(
        (c.serviceClientId() + ":" + c.serviceClientSecret()).getBytes());
    Request req = new Request.Builder().url(oidc.tokenEndpoint().toString())
        .header("Authorization", "Basic " + basic)
        .post(new FormBody.Builder().add("grant_type", "client_credentials")
            .add("scope", "openid storage").build())
        .build();
    JsonNode body;
    try (Response r = HTTP.newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(200);
      body = JSON.readTree(r.body().string());
    }
    assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
    JWTClaimsSet claims = verified(body.get("access_token").asText());
    // client credentials: the subject is the client, as at real providers
    assertThat(claims.getSubject()).isEqualTo("spe-service");
    assertThat(claims.getIssuer()).isEqualTo(c.issuer().toString());
    assertThat(claims.getStringClaim("site")).isEqualTo("de.NBI-test");
  }

  @Test
  void programmaticUse() {
    MockOAuth2Fixture other = MockOAuth2Fixture.create("other");
    try (other) {
      other.start();
      assertThat(other.issuer().getPath()).isEqualTo("/other");
      assertThat(other.issuer().getPort()).isNotEqualTo(oidc.issuer().getPort());
    }
    assertThat(other.isRunning()).isFalse();
  }
}

package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.OidcCoordinates;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.ServiceEnv;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the local Keycloak (realm {@code spe}, shaped like LS Login): the device flow end to
 * end with the test playing the user's browser, code + PKCE, refresh, token exchange,
 * introspection, userinfo with entitlements and a GA4GH passport whose visas are signed by a
 * visa issuer this test hosts (one from a jku off the allow-list, which must be rejected).
 *
 * <p>The test creates its own user (with the passport as a user attribute) and, if missing, an
 * optional client scope {@code ga4gh_passport_v1} on {@code spe-cli}; it deletes what it
 * created.
 */
@RequiresLocalService(LocalService.KEYCLOAK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakAuthIT {
  static final String DATASET = "https://ega-archive.org/datasets/EGAD00000000042";
  static final String VISA_ISS = "https://visas.spe-auth-it.example.org/";
  static final List<String> ENTITLEMENTS = List.of(
      "urn:geant:lifescience-ri.eu:group:spe-auth-it#aai.lifescience-ri.eu",
      "urn:geant:lifescience-ri.eu:group:spe-auth-it:role=owner#aai.lifescience-ri.eu");

  static KeycloakAdmin admin;
  static TestJwts.JwksServer trustedIssuer;
  static TestJwts.JwksServer untrustedIssuer;
  static String userId;
  static String username;
  static String password;
  static String scopeId;
  static boolean scopeCreated;
  static String cliClientUuid;
  static OidcCoordinates kc;
  static TokenSet deviceTokens;

  @BeforeAll
  static void setUp(OidcCoordinates oidc, ServiceEnv env) throws Exception {
    kc = oidc;
    admin = new KeycloakAdmin(env.require("SPE_KC_URL"), env.require("SPE_KC_REALM"),
        env.require("SPE_KC_ADMIN_USER"), env.require("SPE_KC_ADMIN_PASSWORD"));
    RSAKey trustedKey = TestJwts.rsa("it-visa-trusted");
    RSAKey untrustedKey = TestJwts.rsa("it-visa-untrusted");
    trustedIssuer = new TestJwts.JwksServer(new JWKSet(trustedKey));
    untrustedIssuer = new TestJwts.JwksServer(new JWKSet(untrustedKey));
    Instant exp = Instant.now().plus(Duration.ofDays(1));
    String goodVisa = PassportValidatorTest.visa(trustedKey, trustedIssuer.uri(), VISA_ISS, exp,
        PassportValidatorTest.grant(DATASET, Instant.now().minusSeconds(3600)));
    String badVisa = PassportValidatorTest.visa(untrustedKey, untrustedIssuer.uri(), VISA_ISS, exp,
        PassportValidatorTest.grant("https://ega-archive.org/datasets/STOLEN", Instant.now().minusSeconds(3600)));

    // the passport scope, as LS Login has it (created only if missing, removed only if created)
    cliClientUuid = admin.get("/clients?clientId=" + oidc.clientId()).get(0).get("id").asText();
    for (JsonNode s : admin.get("/client-scopes")) {
      if ("ga4gh_passport_v1".equals(s.path("name").asText())) {
        scopeId = s.get("id").asText();
      }
    }
    if (scopeId == null) {
      scopeId = admin.post("/client-scopes", Map.of(
          "name", "ga4gh_passport_v1", "protocol", "openid-connect",
          "attributes", Map.of("include.in.token.scope", "true", "display.on.consent.screen", "false"),
          "protocolMappers", List.of(Map.of(
              "name", "ga4gh_passport_v1", "protocol", "openid-connect",
              "protocolMapper", "oidc-usermodel-attribute-mapper",
              "config", Map.of("user.attribute", "ga4gh_passport_v1", "claim.name", "ga4gh_passport_v1",
                  "jsonType.label", "String", "multivalued", "true", "userinfo.token.claim", "true",
                  "access.token.claim", "false", "id.token.claim", "false",
                  "introspection.token.claim", "false")))));
      scopeCreated = true;
    }
    admin.put("/clients/" + cliClientUuid + "/optional-client-scopes/" + scopeId, null);

    username = "spe-auth-it-" + UUID.randomUUID().toString().substring(0, 8);
    password = "pw-" + UUID.randomUUID();
    userId = admin.post("/users", Map.of(
        "username", username, "enabled", true, "email", username + "@example.org",
        "emailVerified", true, "firstName", "Auth", "lastName", "Tester",
        "attributes", Map.of("eduperson_entitlement", ENTITLEMENTS,
            "ga4gh_passport_v1", List.of(goodVisa, badVisa)),
        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (admin != null) {
      if (userId != null) {
        admin.delete("/users/" + userId);
      }
      if (scopeCreated) {
        admin.delete("/clients/" + cliClientUuid + "/optional-client-scopes/" + scopeId);
        admin.delete("/client-scopes/" + scopeId);
      }
    }
    if (trustedIssuer != null) {
      trustedIssuer.close();
      untrustedIssuer.close();
    }
  }

  static OidcClient cli() {
    return OidcClient.builder().issuer(kc.issuer()).clientId(kc.clientId()).build();
  }

  static OidcClient service() {
    return OidcClient.builder().issuer(kc.issuer()).clientId(kc.serviceClientId())
        .clientSecret(kc.serviceClientSecret()).build();
  }

  @Test
  @Order(1)
  void deviceFlowEndToEndWithEntitlementsAndAPassport() throws Exception {
    OidcClient cli = cli();
    assertThat(cli.provider().supportsDeviceFlow()).isTrue();
    DeviceLogin login = cli.startDeviceLogin(List.of("ga4gh_passport_v1"));
    DeviceAuthorization a = login.authorization();
    assertThat(a.verificationUriComplete()).isNotNull();
    CompletableFuture<TokenSet> tokens = login.awaitAsync();
    // the user opens the link, logs in and consents
    new TestBrowser(username, password).login(a.uriToOpen());
    TokenSet t = tokens.get(90, TimeUnit.SECONDS);
    deviceTokens = t;
    assertThat(t.refreshToken()).as("offline_access gives a refresh token").isNotNull();
    assertThat(t.scopes()).contains("offline_access", "ga4gh_passport_v1");

    VerifiedJwt at = cli.accessTokenValidator(kc.audience()).validate(t.accessToken().value());
    assertThat(at.subject()).isEqualTo(userId);
    SpeIdentity id = at.identity();
    assertThat(id.memberOf("spe-auth-it")).isTrue();
    assertThat(id.hasRole("spe-auth-it", "owner")).isTrue();
    assertThat(id.preferredUsername()).isEqualTo(username);

    Map<String, Object> userInfo = cli.userInfoClaims(t.accessToken().value());
    SpeIdentity fromUserInfo = SpeIdentity.fromClaims(userInfo);
    assertThat(fromUserInfo.subject()).isEqualTo(userId);
    assertThat(fromUserInfo.email()).isEqualTo(username + "@example.org");
    assertThat(fromUserInfo.rawEntitlements()).containsExactlyInAnyOrderElementsOf(ENTITLEMENTS);
    assertThat(fromUserInfo.hasRole("spe-auth-it", "owner")).isTrue();
    PassportValidator passports = PassportValidator.builder()
        .trust(TrustedVisaIssuer.of(VISA_ISS, trustedIssuer.uri())).build();
    Passport p = passports.fromUserInfo(userInfo);
    assertThat(p.datasetGrants()).singleElement()
        .satisfies(g -> assertThat(g.value()).isEqualTo(DATASET));
    assertThat(p.grants(DATASET, Instant.now())).isTrue();
    assertThat(p.rejected()).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo(InvalidTokenException.Reason.UNTRUSTED_ISSUER));
    assertThat(untrustedIssuer.hits.get()).as("the untrusted jku is never fetched").isZero();
  }

  @Test
  @Order(2)
  void refreshRotatesIntoTheFileStore(@TempDir Path dir) {
    OidcClient cli = cli();
    FileTokenStore store = FileTokenStore.in(dir);
    RefreshingTokenSource src = RefreshingTokenSource.builder(cli)
        .initialTokens(deviceTokens).store(store, "it").build();
    AccessToken first = src.token();
    src.invalidate(first);
    AccessToken second = src.token();
    assertThat(second.value()).isNotEqualTo(first.value());
    assertThat(src.refreshCount()).isEqualTo(1);
    assertThat(store.load(new TokenStore.Key(cli.issuer(), cli.clientId(), "it"))).isPresent();
    deviceTokens = src.currentTokens();
  }

  @Test
  @Order(3)
  void tokenExchangeAndIntrospection() {
    OidcClient svc = service();
    // Keycloak's standard token exchange: the user's token (aud spe-service) for a token of
    // spe-service itself (a refresh token as requested type needs an online session; the
    // device login's is an offline one, so it is not asked for here)
    TokenSet exchanged = svc.exchange(TokenExchange.builder(deviceTokens.accessToken().value())
        .requestedTokenType(TokenExchange.ACCESS_TOKEN_TYPE).scope("openid").build());
    assertThat(exchanged.issuedTokenType()).isEqualTo(TokenExchange.ACCESS_TOKEN_TYPE);
    // an unknown audience is refused with the provider's precise error
    assertThatThrownBy(() -> svc.exchange(TokenExchange.builder(deviceTokens.accessToken().value())
        .audience("no-such-client").build()))
        .isInstanceOfSatisfying(OAuthErrorException.class, e -> {
          assertThat(e.error()).isEqualTo("invalid_client"); // Keycloak: "audience not found"
          assertThat(e.getMessage()).doesNotContain(deviceTokens.accessToken().value());
        });
    // without a requested audience Keycloak gives the token the audiences of spe-service's own
    // scopes (here "account"); who it is for is in azp
    VerifiedJwt v = JwtValidator.builder().issuer(kc.issuer()).jwksUri(svc.provider().jwksUri())
        .anyAudience().build().validate(exchanged.accessToken().value());
    assertThat(v.subject()).isEqualTo(userId);
    assertThat(v.claims().get("azp")).isEqualTo(kc.serviceClientId());

    Introspection in = svc.introspect(deviceTokens.accessToken().value());
    assertThat(in.active()).isTrue();
    assertThat(in.subject()).isEqualTo(userId);
    assertThat(in.identity()).get().satisfies(i -> assertThat(i.hasRole("spe-auth-it", "owner")).isTrue());
    assertThat(svc.introspect("not-a-token-at-all").active()).isFalse();
  }

  @Test
  @Order(4)
  void clientCredentials() {
    TokenSet t = service().clientCredentials(List.of());
    VerifiedJwt v = JwtValidator.builder().issuer(kc.issuer())
        .jwksUri(service().provider().jwksUri()).anyAudience().build().validate(t.accessToken().value());
    assertThat(v.claims().get("azp")).isEqualTo(kc.serviceClientId());
  }

  @Test
  @Order(5)
  void codeWithPkceThroughTheLoopbackRedirect() {
    OidcClient cli = cli();
    TestBrowser browser = new TestBrowser(username, password);
    TokenSet t = cli.loginWithBrowser(uri -> CompletableFuture.runAsync(() -> {
      try {
        browser.login(uri);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }), Duration.ofSeconds(60), List.of("profile"));
    assertThat(t.idToken()).isNotNull(); // its signature, audience and nonce were checked
    assertThat(cli.userInfo(t.accessToken().value()).subject()).isEqualTo(userId);
  }

  @Test
  @Order(6)
  void logoutRevokesTheRefreshToken() {
    OidcClient cli = cli();
    cli.logout(deviceTokens, null);
    assertThatThrownBy(() -> cli.refresh(deviceTokens.refreshToken()))
        .isInstanceOf(LoginRequiredException.class).hasMessageContaining("log in again");
  }

  @Test
  void issuerMismatchIsRefused() {
    assertThatThrownBy(() -> OidcClient.builder()
        .issuer(URI.create(kc.issuer().toString().replace("127.0.0.1", "localhost")))
        .clientId(kc.clientId()).build().provider())
        .isInstanceOf(de.denbi.spe.core.InvalidConfigException.class);
  }
}

package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import de.denbi.spe.auth.StubProvider.Reply;
import de.denbi.spe.core.InvalidConfigException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Protocol edge cases against a scripted provider: discovery, device polling, redirects. */
class OidcClientStubTest {
  StubProvider stub;
  final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    stub = new StubProvider();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  OidcClient client() {
    return OidcClient.builder().issuer(stub.issuer()).clientId("spe-cli")
        .sleeper((d, cancelled) -> sleeps.add(d)).build();
  }

  void deviceEndpoint(String deviceReply) {
    stub.discovery(stub.issuer().toString(),
        ",\"device_authorization_endpoint\":\"" + stub.base() + "/realm/device\"");
    stub.route("/realm/device", r -> Reply.ok(deviceReply));
  }

  static final String DEVICE_OK = "{\"device_code\":\"dev-code-123456\",\"user_code\":\"WDJB-MJHT\","
      + "\"verification_uri\":\"https://idp.example.org/device\","
      + "\"verification_uri_complete\":\"https://idp.example.org/device?user_code=WDJB-MJHT\","
      + "\"expires_in\":600}";

  void tokenScript(Reply... replies) {
    Deque<Reply> q = new ArrayDeque<>(List.of(replies));
    stub.route("/realm/token", r -> q.isEmpty() ? Reply.error("server_error") : q.poll());
  }

  static Reply tokens(String access) {
    return Reply.ok("{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
        + "\"refresh_token\":\"refresh-abcdef\",\"scope\":\"openid offline_access\"}");
  }

  @Test
  void discoveryWithoutGrantTypesDetectsTheDeviceFlowFromItsEndpointAndIsCached() {
    deviceEndpoint(DEVICE_OK);
    OidcClient c = client();
    ProviderInfo p = c.provider();
    assertThat(p.grantTypesSupported()).isEmpty();
    assertThat(p.supportsDeviceFlow()).isTrue();
    assertThat(c.provider()).isSameAs(p);
    assertThat(stub.requestsTo("/realm/.well-known/openid-configuration")).hasSize(1);
  }

  @Test
  void issuerMismatchIsAnError() {
    stub.discovery("https://evil.example.org/realm", "");
    assertThatThrownBy(() -> client().provider())
        .isInstanceOfSatisfying(InvalidConfigException.class,
            e -> assertThat(e.key()).isEqualTo("oidc.issuer"))
        .hasMessageContaining("https://evil.example.org/realm");
  }

  @Test
  void noDeviceEndpointMeansNotSupported() {
    stub.discovery(stub.issuer().toString(), ",\"grant_types_supported\":[\"authorization_code\"]");
    assertThatThrownBy(() -> client().startDeviceLogin())
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.NOT_SUPPORTED));
  }

  @Test
  void devicePollingHonoursPendingAndSlowDownAndAsksForOfflineAccess() {
    deviceEndpoint(DEVICE_OK);
    tokenScript(Reply.error("authorization_pending"), Reply.error("slow_down"),
        Reply.error("authorization_pending"), tokens("access-xyz-123"));
    DeviceLogin login = client().startDeviceLogin(List.of("ga4gh_passport_v1"));
    DeviceAuthorization a = login.authorization();
    assertThat(a.userCode()).isEqualTo("WDJB-MJHT");
    assertThat(a.interval()).isEqualTo(Duration.ofSeconds(5)); // no interval sent: RFC default
    assertThat(a.uriToOpen().toString()).endsWith("user_code=WDJB-MJHT");
    assertThat(a.prompt()).contains("https://idp.example.org/device", "WDJB-MJHT");
    assertThat(a.html()).contains("<a href=\"https://idp.example.org/device?user_code=WDJB-MJHT\"");
    assertThat(a.terminalLink()).startsWith("\u001b]8;;https://");
    TokenSet t = login.await();
    assertThat(t.accessToken().value()).isEqualTo("access-xyz-123");
    assertThat(t.refreshToken()).isEqualTo("refresh-abcdef");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(10));
    Map<String, String> dev = stub.requestsTo("/realm/device").get(0).form();
    assertThat(dev.get("scope").split(" ")).contains("openid", "offline_access", "ga4gh_passport_v1");
    assertThat(dev.get("client_id")).isEqualTo("spe-cli");
    Map<String, String> poll = stub.requestsTo("/realm/token").get(0).form();
    assertThat(poll).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
        .containsEntry("device_code", "dev-code-123456");
    assertThat(login.toString()).doesNotContain("dev-code-123456");
  }

  @Test
  void deviceIntervalFromTheServerIsUsed() {
    deviceEndpoint(DEVICE_OK.replace("}", ",\"interval\":7}"));
    tokenScript(tokens("a-123456"));
    client().startDeviceLogin().await();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void deviceDeniedAndExpiredEndTheLogin() {
    deviceEndpoint(DEVICE_OK);
    tokenScript(Reply.error("authorization_pending"), Reply.error("access_denied"));
    assertThatThrownBy(() -> client().startDeviceLogin().await())
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.DENIED));
    tokenScript(Reply.error("expired_token"));
    assertThatThrownBy(() -> client().startDeviceLogin().await())
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.EXPIRED));
    tokenScript(Reply.error("invalid_client"));
    assertThatThrownBy(() -> client().startDeviceLogin().await())
        .isInstanceOfSatisfying(OAuthErrorException.class,
            e -> assertThat(e.error()).isEqualTo("invalid_client"));
  }

  @Test
  void deviceLoginIsCancellable() throws Exception {
    deviceEndpoint(DEVICE_OK.replace("}", ",\"interval\":60}"));
    tokenScript();
    OidcClient real = OidcClient.builder().issuer(stub.issuer()).clientId("spe-cli").build();
    DeviceLogin login = real.startDeviceLogin();
    CompletableFuture<TokenSet> f = login.awaitAsync();
    Thread.sleep(100);
    long t0 = System.nanoTime();
    login.cancel();
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(LoginException.class)
        .cause().satisfies(e -> assertThat(((LoginException) e).reason())
            .isEqualTo(LoginException.Reason.CANCELLED));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(stub.requestsTo("/realm/token")).isEmpty();
  }

  @Test
  void deviceCodeExpiryIsEnforcedLocally() {
    deviceEndpoint(DEVICE_OK.replace("\"expires_in\":600", "\"expires_in\":1"));
    tokenScript();
    OidcClient c = OidcClient.builder().issuer(stub.issuer()).clientId("spe-cli")
        .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ZERO))
        .sleeper((d, x) -> Thread.sleep(1100)).build();
    assertThatThrownBy(() -> c.startDeviceLogin().await())
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.EXPIRED));
  }

  // ------------------------------------------------------------- browser flow edge cases

  /** A "browser" that answers the redirect itself with what {@code query} makes of the request. */
  static Browser redirectingBrowser(java.util.function.Function<Map<String, String>, String> query) {
    return uri -> CompletableFuture.runAsync(() -> {
      Map<String, String> p = params(uri);
      try {
        java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(URI.create(p.get("redirect_uri") + "?" + query.apply(p))).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static Map<String, String> params(URI uri) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String kv : uri.getRawQuery().split("&")) {
      int i = kv.indexOf('=');
      m.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  void browserLoginChecksStateAndNonce() throws Exception {
    RSAKey key = TestJwts.rsa("stub");
    stub.discovery(stub.issuer().toString(), "");
    stub.route("/realm/jwks", r -> Reply.ok(new JWKSet(key).toPublicJWKSet().toString()));
    String[] nonce = new String[1];
    stub.route("/realm/token", r -> {
      String id = TestJwts.sign(key, TestJwts.claims(stub.issuer().toString(), "spe-cli",
          Instant.now().plusSeconds(300)).claim("nonce", nonce[0]).build());
      return Reply.ok("{\"access_token\":\"at-123456\",\"token_type\":\"Bearer\",\"expires_in\":60,"
          + "\"id_token\":\"" + id + "\"}");
    });
    OidcClient c = client();
    // right state, right nonce
    TokenSet t = c.loginWithBrowser(redirectingBrowser(p -> {
      nonce[0] = p.get("nonce");
      assertThat(p).containsEntry("code_challenge_method", "S256").containsKey("code_challenge");
      assertThat(p.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
      return "code=abc123&state=" + p.get("state");
    }), Duration.ofSeconds(10), List.of());
    assertThat(t.accessToken().value()).isEqualTo("at-123456");
    Map<String, String> form = stub.requestsTo("/realm/token").get(0).form();
    assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", "abc123")
        .containsKey("code_verifier");
    // wrong nonce in the ID token
    assertThatThrownBy(() -> c.loginWithBrowser(redirectingBrowser(p -> {
      nonce[0] = "another-nonce";
      return "code=abc123&state=" + p.get("state");
    }), Duration.ofSeconds(10), List.of()))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.NONCE_MISMATCH));
    // wrong state
    assertThatThrownBy(() -> c.loginWithBrowser(redirectingBrowser(p -> "code=abc123&state=forged"),
        Duration.ofSeconds(10), List.of()))
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.STATE_MISMATCH));
    // the user declines
    assertThatThrownBy(() -> c.loginWithBrowser(
        redirectingBrowser(p -> "error=access_denied&state=" + p.get("state")),
        Duration.ofSeconds(10), List.of()))
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.DENIED));
    // nobody comes back
    assertThatThrownBy(() -> c.loginWithBrowser(uri -> {}, Duration.ofMillis(300), List.of()))
        .isInstanceOfSatisfying(LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.TIMED_OUT));
  }

  @Test
  void rejectedRefreshTokenMeansLoginAgainAndEchoedSecretsAreScrubbed() {
    stub.discovery(stub.issuer().toString(), "");
    stub.route("/realm/token", r -> new Reply(400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"token " + r.form().get("refresh_token")
            + " is expired\"}"));
    assertThatThrownBy(() -> client().refresh("rt-secret-value-0123456789"))
        .isInstanceOf(LoginRequiredException.class)
        .hasMessageContaining("log in again")
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain("rt-secret-value-0123456789");
          assertThat(e.getCause().getMessage()).doesNotContain("rt-secret-value-0123456789")
              .contains("invalid_grant");
        });
  }

  @Test
  void builderValidation() {
    assertThatThrownBy(() -> OidcClient.builder().clientId("x").build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("issuer"));
    assertThatThrownBy(() -> OidcClient.builder().issuer(URI.create("ftp://x")).clientId("x").build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("issuer"));
    assertThatThrownBy(() -> OidcClient.builder().issuer(URI.create("https://x")).build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("clientId"));
    assertThatThrownBy(() -> OidcClient.builder().issuer(URI.create("https://x")).clientId("c")
        .scopes(List.of("a b")).build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("scopes"));
    assertThatThrownBy(() -> OidcClient.builder().issuer(URI.create("https://x")).clientId("c").build()
        .clientCredentials(List.of()))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("clientSecret"));
    assertThat(OidcClient.builder().issuer(URI.create("https://x")).clientId("c").clientSecret("s3cr3t-value")
        .build().toString()).doesNotContain("s3cr3t-value");
  }
}

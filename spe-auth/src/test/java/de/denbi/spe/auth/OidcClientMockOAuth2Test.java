package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.testkit.MockOAuth2Fixture;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The flows against mock-oauth2-server in the JVM (a real OIDC implementation, no device grant). */
class OidcClientMockOAuth2Test {
  @RegisterExtension static MockOAuth2Fixture oidc = MockOAuth2Fixture.create();

  static final List<String> ENTITLEMENTS = List.of(
      "urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu",
      "urn:geant:lifescience-ri.eu:group:spe-project-1:role=owner#aai.lifescience-ri.eu");

  OidcClient publicClient() {
    return OidcClient.builder().issuer(oidc.issuer()).clientId("spe-cli").build();
  }

  OidcClient serviceClient() {
    return OidcClient.builder().issuer(oidc.issuer()).clientId("spe-service")
        .clientSecret("mock-secret-123").build();
  }

  /** Plays the browser: the mock redirects straight back to the loopback callback. */
  static final Browser BROWSER = uri -> Thread.ofVirtual().start(() -> {
    OkHttpClient ok = new OkHttpClient.Builder().followRedirects(true).build();
    try (Response r = ok.newCall(new Request.Builder().url(uri.toString()).build()).execute()) {
      r.body().string();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  });

  @Test
  void discovery() {
    ProviderInfo p = publicClient().provider();
    assertThat(p.issuer()).isEqualTo(oidc.issuer());
    assertThat(p.tokenEndpoint()).isEqualTo(oidc.tokenEndpoint());
    assertThat(p.jwksUri()).isEqualTo(oidc.jwksUri());
    assertThat(p.authorizationEndpoint()).isNotNull();
  }

  @Test
  void codeWithPkceThenUserInfoWithCustomClaimsThenRefresh() {
    oidc.enqueueToken("alice-sub", Map.of("eduperson_entitlement", ENTITLEMENTS,
        "preferred_username", "alice", "ssh_public_key", "ssh-ed25519 AAAA alice"));
    OidcClient c = publicClient();
    TokenSet t = c.loginWithBrowser(BROWSER, Duration.ofSeconds(20), List.of("profile"));
    assertThat(t.idToken()).isNotNull();
    assertThat(t.refreshToken()).isNotNull();
    // the mock's code-flow tokens are for its default audience
    VerifiedJwt at = c.accessTokenValidator("default").validate(t.accessToken().value());
    assertThat(at.subject()).isEqualTo("alice-sub");
    SpeIdentity who = c.userInfo(t.accessToken().value());
    assertThat(who.subject()).isEqualTo("alice-sub");
    assertThat(who.hasRole("spe-project-1", "owner")).isTrue();
    assertThat(who.sshPublicKeys()).containsExactly("ssh-ed25519 AAAA alice");

    TokenSet r = c.refresh(t.refreshToken());
    assertThat(r.accessToken().value()).isNotEqualTo(t.accessToken().value());
    assertThat(r.refreshToken()).isNotNull();
    c.revoke(r.refreshToken(), true);
  }

  @Test
  void clientCredentialsExchangeIntrospectionAndRevocation() {
    OidcClient svc = serviceClient();
    TokenSet cc = svc.clientCredentials(List.of("spe-service"));
    assertThat(cc.accessToken().expiry()).isPresent();
    String userToken = oidc.issueToken("alice-sub", Map.of("eduperson_entitlement", ENTITLEMENTS));

    TokenSet ex = svc.exchange(TokenExchange.builder(userToken).audience("spe-storage")
        .requestedTokenType(TokenExchange.ACCESS_TOKEN_TYPE).build());
    VerifiedJwt v = JwtValidator.builder().issuer(oidc.issuer()).jwksUri(oidc.jwksUri())
        .audience("spe-storage").build().validate(ex.accessToken().value());
    assertThat(v.subject()).isEqualTo("alice-sub");

    Introspection in = svc.introspect(userToken);
    assertThat(in.active()).isTrue();
    assertThat(in.subject()).isEqualTo("alice-sub");
    assertThat(in.identity()).get().satisfies(i -> assertThat(i.subject()).isEqualTo("alice-sub"));
    // the mock revokes refresh tokens only, and says so with the standard error
    assertThatThrownBy(() -> svc.revoke(cc.accessToken().value(), false))
        .isInstanceOfSatisfying(OAuthErrorException.class,
            e -> assertThat(e.error()).isEqualTo("unsupported_token_type"));
  }

  @Test
  void clientCredentialsSourceRefreshesWhenInvalidated() {
    RefreshingTokenSource src = serviceClient().clientCredentialsSource(List.of());
    AccessToken a = src.token();
    assertThat(src.token()).isSameAs(a);
    src.invalidate(a);
    AccessToken b = src.token();
    assertThat(b.value()).isNotEqualTo(a.value());
    assertThat(src.refreshCount()).isEqualTo(2);
    assertThat(src.toString()).doesNotContain(a.value()).doesNotContain(b.value());
  }

  @Test
  void logoutGivesTheEndSessionUrl() {
    OidcClient c = publicClient();
    TokenSet t = c.loginWithBrowser(BROWSER, Duration.ofSeconds(20), List.of());
    if (c.provider().endSessionEndpoint() != null) {
      URI u = c.logout(new TokenSet(t.accessToken(), null, t.idToken(), List.of(), null),
          URI.create("http://127.0.0.1/bye")).orElseThrow();
      assertThat(u.toString()).contains("id_token_hint=", "post_logout_redirect_uri=");
    }
  }
}

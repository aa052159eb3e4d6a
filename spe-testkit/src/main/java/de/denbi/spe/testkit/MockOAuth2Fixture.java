package de.denbi.spe.testkit;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * An in-JVM OpenID Connect provider (<a
 * href="https://github.com/navikt/mock-oauth2-server">mock-oauth2-server</a>) on a random free
 * port of 127.0.0.1: discovery, JWKS, and a token endpoint that grants any client (client
 * credentials, password, refresh, token exchange, authorization code) signed RS256 tokens. It has
 * no device grant; use the local Keycloak ({@link LocalService#KEYCLOAK}) for that.
 *
 * <pre>{@code
 * @RegisterExtension static MockOAuth2Fixture oidc = MockOAuth2Fixture.create();
 *
 * @Test void readsEntitlements() {
 *   String jwt = oidc.issueToken("alice-sub", Map.of("eduperson_entitlement", List.of("urn:...")));
 *   ... code under test validates jwt against oidc.issuer() ...
 * }
 * }</pre>
 *
 * <p>Tokens the token endpoint hands out use the subject and claims set with {@link
 * #enqueueToken(String, Map)} for the next request, otherwise the server's defaults (the client
 * id as subject).
 *
 * @since 0.1.0
 */
public final class MockOAuth2Fixture extends AbstractFixture<MockOAuth2Fixture> {

  /** The issuer id (last path segment of the issuer URL) unless another is given. */
  public static final String DEFAULT_ISSUER_ID = "spe";

  /** The public client id of {@link #coordinates()}, as in the Keycloak test realm. */
  public static final String DEFAULT_CLIENT_ID = "spe-cli";

  /** The confidential client id and the audience of tokens, as in the Keycloak test realm. */
  public static final String DEFAULT_AUDIENCE = "spe-service";

  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  private final String issuerId;
  private MockOAuth2Server server;

  private MockOAuth2Fixture(String issuerId) {
    this.issuerId = Objects.requireNonNull(issuerId, "issuerId");
  }

  /**
   * A fixture with issuer id {@value #DEFAULT_ISSUER_ID}.
   *
   * @return the (not yet started) fixture
   */
  public static MockOAuth2Fixture create() {
    return new MockOAuth2Fixture(DEFAULT_ISSUER_ID);
  }

  /**
   * A fixture with another issuer id.
   *
   * @param issuerId the last path segment of the issuer URL
   * @return the (not yet started) fixture
   */
  public static MockOAuth2Fixture create(String issuerId) {
    return new MockOAuth2Fixture(issuerId);
  }

  @Override
  MockOAuth2Fixture self() {
    return this;
  }

  @Override
  void doStart() throws Exception {
    MockOAuth2Server s = new MockOAuth2Server();
    // an address that carries its literal as host name, so that the server's URLs (and the
    // iss of its tokens) say 127.0.0.1 rather than the reverse-resolved "localhost"
    s.start(InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1}), 0);
    server = s;
  }

  @Override
  void doStop() {
    MockOAuth2Server s = server;
    server = null;
    if (s != null) {
      s.shutdown();
    }
  }

  /**
   * The underlying server, for what this class does not wrap (enqueued responses, recorded
   * requests, other issuers).
   *
   * @return the running server
   * @throws IllegalStateException if not started
   */
  public MockOAuth2Server server() {
    requireRunning();
    return server;
  }

  /**
   * The issuer id.
   *
   * @return e.g. {@value #DEFAULT_ISSUER_ID}
   */
  public String issuerId() {
    return issuerId;
  }

  /**
   * The issuer URL, exactly as in the {@code iss} claim.
   *
   * @return e.g. {@code http://127.0.0.1:40123/spe}
   */
  public URI issuer() {
    return URI.create(server().issuerUrl(issuerId).toString());
  }

  /**
   * The discovery document's URL.
   *
   * @return {@code <issuer>/.well-known/openid-configuration}
   */
  public URI discoveryUrl() {
    return URI.create(server().wellKnownUrl(issuerId).toString());
  }

  /**
   * The token endpoint.
   *
   * @return {@code <issuer>/token}
   */
  public URI tokenEndpoint() {
    return URI.create(server().tokenEndpointUrl(issuerId).toString());
  }

  /**
   * The JWKS with the signing keys.
   *
   * @return {@code <issuer>/jwks}
   */
  public URI jwksUri() {
    return URI.create(server().jwksUrl(issuerId).toString());
  }

  /**
   * Issues a signed access token for a subject, with audience {@value #DEFAULT_AUDIENCE}, client
   * {@value #DEFAULT_CLIENT_ID} and a lifetime of one hour.
   *
   * @param subject the {@code sub} claim
   * @param claims further claims (strings, numbers, booleans, lists, maps)
   * @return the compact serialized JWT
   */
  public String issueToken(String subject, Map<String, ?> claims) {
    return issueToken(subject, DEFAULT_AUDIENCE, claims, DEFAULT_LIFETIME);
  }

  /**
   * Issues a signed access token.
   *
   * @param subject the {@code sub} claim
   * @param audience the {@code aud} claim
   * @param claims further claims (strings, numbers, booleans, lists, maps)
   * @param lifetime time until {@code exp}
   * @return the compact serialized JWT
   */
  public String issueToken(String subject, String audience, Map<String, ?> claims,
      Duration lifetime) {
    Objects.requireNonNull(subject, "subject");
    DefaultOAuth2TokenCallback callback = new DefaultOAuth2TokenCallback(issuerId, subject,
        "JWT", audience == null ? null : List.of(audience), copy(claims), lifetime.toSeconds());
    return server().issueToken(issuerId, DEFAULT_CLIENT_ID, callback).serialize();
  }

  /**
   * Makes the next token the token endpoint issues carry this subject and these claims (the
   * audience is then what the client asked for, or the server's default). For the client
   * credentials grant the subject is always the client id, as at real providers; the claims are
   * added all the same.
   *
   * @param subject the {@code sub} claim
   * @param claims further claims
   */
  public void enqueueToken(String subject, Map<String, ?> claims) {
    Objects.requireNonNull(subject, "subject");
    server().enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", null,
        copy(claims), DEFAULT_LIFETIME.toSeconds()));
  }

  /**
   * Coordinates shaped like those of the local Keycloak ({@code spe-cli}, {@code spe-service},
   * user {@code alice}); the mock accepts any client secret and password.
   *
   * @return the coordinates
   */
  public OidcCoordinates coordinates() {
    return new OidcCoordinates(issuer(), DEFAULT_CLIENT_ID, DEFAULT_AUDIENCE, DEFAULT_AUDIENCE,
        "mock-secret", "alice", "alice-pw");
  }

  private static Map<String, Object> copy(Map<String, ?> claims) {
    return claims == null ? Map.of() : new LinkedHashMap<>(claims);
  }

  @Override
  public String toString() {
    return "MockOAuth2Fixture[" + (isRunning() ? issuer() : issuerId + ", stopped") + "]";
  }
}

package de.denbi.spe.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.denbi.spe.auth.LoginException.Reason;
import de.denbi.spe.auth.internal.Http;
import de.denbi.spe.auth.internal.OkHttpSender;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.json.SpeJson;
import de.denbi.spe.core.profile.OidcSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A client of one OpenID provider (LS Login, a Keycloak broker in front of it, or any standard
 * provider) for one registered client: discovery, the device flow, authorization code with
 * PKCE on a loopback redirect, client credentials, refresh, token exchange, introspection,
 * userinfo, revocation and logout. Immutable and thread-safe; build once and share.
 *
 * <pre>{@code
 * OidcClient oidc = OidcClient.builder()
 *     .issuer(URI.create("https://login.aai.lifescience-ri.eu/oidc/"))
 *     .clientId("my-client")
 *     .build();
 * DeviceLogin login = oidc.startDeviceLogin();
 * System.out.println(login.authorization().prompt());
 * TokenSet tokens = login.await();
 * }</pre>
 *
 * <p>Every request goes through a {@link SpeHttpClient} (timeouts, TLS verification, User-Agent,
 * redacted logging); failures become {@link OAuthErrorException} (an OAuth error from the
 * provider), {@link LoginException} (an interactive login that did not finish), {@link
 * de.denbi.spe.core.SpeConnectionException} (unreachable) or {@link
 * de.denbi.spe.core.InvalidResponseException} (an unreadable reply).
 *
 * @since 0.1.0
 */
public final class OidcClient {
  private static final System.Logger LOG = System.getLogger(OidcClient.class.getName());

  private final URI issuer;
  private final String clientId;
  private final Secret clientSecret;
  private final List<String> scopes;
  private final SpeHttpClient http;
  private final OkHttpSender sender;
  private final Clock clock;
  private final Duration discoveryTtl;
  private final DeviceLogin.Sleeper sleeper;
  private final boolean offlineAccess;
  private final ReentrantLock discoveryLock = new ReentrantLock();
  private volatile Discovered discovered;
  private volatile JwtValidator idTokenValidator;

  private record Discovered(ProviderInfo info, Instant fetchedAt) {}

  private OidcClient(Builder b) {
    this.issuer = b.issuer;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret == null ? null : new Secret(b.clientSecret);
    this.scopes = List.copyOf(b.scopes);
    this.http = b.http != null ? b.http : Http.defaultClient();
    this.sender = new OkHttpSender(http);
    this.clock = b.clock;
    this.discoveryTtl = b.discoveryTtl;
    this.sleeper = b.sleeper;
    this.offlineAccess = b.offlineAccess;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder from a site profile's OIDC settings (issuer, client id, scopes).
   *
   * @param settings the settings
   * @return the builder
   */
  public static Builder builder(OidcSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Builder b = new Builder();
    if (settings.issuer() != null) {
      b.issuer(settings.issuer());
    }
    if (settings.clientId() != null) {
      b.clientId(settings.clientId());
    }
    if (!settings.scopes().isEmpty()) {
      b.scopes(settings.scopes());
    }
    return b;
  }

  /**
   * The configured issuer.
   *
   * @return the issuer
   */
  public URI issuer() {
    return issuer;
  }

  /**
   * The client id.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * The default scopes of logins.
   *
   * @return the scopes
   */
  public List<String> scopes() {
    return scopes;
  }

  // ---------------------------------------------------------------- discovery

  /**
   * The provider's discovery document, fetched once and cached for the discovery TTL (one fetch
   * at a time).
   *
   * @return the provider's endpoints
   * @throws InvalidConfigException if the document names another issuer than the configured one
   */
  public ProviderInfo provider() {
    Discovered d = discovered;
    if (d != null && clock.instant().isBefore(d.fetchedAt().plus(discoveryTtl))) {
      return d.info();
    }
    discoveryLock.lock();
    try {
      d = discovered;
      if (d != null && clock.instant().isBefore(d.fetchedAt().plus(discoveryTtl))) {
        return d.info();
      }
      ProviderInfo info = discover();
      discovered = new Discovered(info, clock.instant());
      return info;
    } finally {
      discoveryLock.unlock();
    }
  }

  private ProviderInfo discover() {
    String base = issuer.toString();
    URI url = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.GET, url);
    HTTPResponse resp = Http.send(sender, req, "discovery");
    if (resp.getStatusCode() != 200) {
      throw new InvalidConfigException(
          "oidc.issuer",
          "the discovery document " + url + " answered HTTP " + resp.getStatusCode()
              + "; check the issuer URL");
    }
    JsonNode doc;
    try {
      doc = SpeJson.mapper().readTree(resp.getBody() == null ? "" : resp.getBody());
    } catch (IOException e) {
      throw Http.invalid(req, resp, "the discovery document is not JSON");
    }
    if (doc == null || !doc.isObject()) {
      throw Http.invalid(req, resp, "the discovery document is not a JSON object");
    }
    String iss = text(doc, "issuer");
    if (iss == null) {
      throw Http.invalid(req, resp, "the discovery document has no 'issuer'");
    }
    if (!stripSlash(iss).equals(stripSlash(base))) {
      throw new InvalidConfigException(
          "oidc.issuer",
          "the provider at " + url + " says its issuer is '" + iss + "', not '" + base
              + "'; a mismatch can mean a misconfigured proxy or a mix-up attack, so it is"
              + " refused. Configure the issuer exactly as the provider states it");
    }
    URI token = uri(doc, "token_endpoint", req, resp);
    if (token == null) {
      throw Http.invalid(req, resp, "the discovery document has no 'token_endpoint'");
    }
    return new ProviderInfo(
        URI.create(iss),
        uri(doc, "authorization_endpoint", req, resp),
        token,
        uri(doc, "device_authorization_endpoint", req, resp),
        uri(doc, "userinfo_endpoint", req, resp),
        uri(doc, "introspection_endpoint", req, resp),
        uri(doc, "revocation_endpoint", req, resp),
        uri(doc, "end_session_endpoint", req, resp),
        uri(doc, "jwks_uri", req, resp),
        texts(doc, "grant_types_supported"),
        texts(doc, "scopes_supported"),
        texts(doc, "code_challenge_methods_supported"),
        texts(doc, "token_endpoint_auth_methods_supported"));
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String text(JsonNode doc, String field) {
    JsonNode n = doc.get(field);
    return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
  }

  private static URI uri(JsonNode doc, String field, HTTPRequest req, HTTPResponse resp) {
    String s = text(doc, field);
    if (s == null) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
        throw Http.invalid(req, resp, "'" + field + "' is not an http(s) URL");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw Http.invalid(req, resp, "'" + field + "' is not a valid URL");
    }
  }

  private static List<String> texts(JsonNode doc, String field) {
    JsonNode n = doc.get(field);
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(x -> {
        if (x.isTextual()) {
          out.add(x.asText());
        }
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- device flow

  /**
   * Starts a device login with the default scopes plus {@code openid} and {@code
   * offline_access} (so that a refresh token comes back; see {@link
   * Builder#offlineAccess(boolean)}).
   *
   * @return the login in progress
   * @throws LoginException with {@link Reason#NOT_SUPPORTED} if the provider has no device
   *     authorization endpoint
   */
  public DeviceLogin startDeviceLogin() {
    return startDeviceLogin(scopes);
  }

  /**
   * Starts a device login with these scopes plus {@code openid} and {@code offline_access}.
   *
   * @param scopes the scopes, e.g. {@code ga4gh_passport_v1}
   * @return the login in progress
   */
  public DeviceLogin startDeviceLogin(List<String> scopes) {
    ProviderInfo p = provider();
    URI endpoint =
        p.deviceEndpoint()
            .orElseThrow(
                () ->
                    new LoginException(
                        Reason.NOT_SUPPORTED,
                        "The provider " + p.issuer() + " has no device_authorization_endpoint;"
                            + " use loginWithBrowser(...) instead."));
    Scope scope = scope(scopes, offlineAccess);
    DeviceAuthorizationRequest.Builder rb =
        clientSecret == null
            ? new DeviceAuthorizationRequest.Builder(new ClientID(clientId))
            : new DeviceAuthorizationRequest.Builder(clientAuth());
    HTTPRequest req = rb.endpointURI(endpoint).scope(scope).build().toHTTPRequest();
    HTTPResponse resp = Http.send(sender, req, "device authorization");
    DeviceAuthorizationResponse parsed;
    try {
      parsed = DeviceAuthorizationResponse.parse(resp);
    } catch (ParseException e) {
      throw Http.invalid(req, resp, "not a device authorization reply: " + e.getMessage());
    }
    if (!parsed.indicatesSuccess()) {
      ErrorObject err = parsed.toErrorResponse().getErrorObject();
      throw Http.oauthError(
          req, err,
          "The provider refused to start a device login; check that the client '" + clientId
              + "' is registered for the device grant and may ask for the scopes " + scope + ".",
          secrets());
    }
    DeviceAuthorizationSuccessResponse ok = parsed.toSuccessResponse();
    DeviceAuthorization auth =
        new DeviceAuthorization(
            ok.getUserCode().getValue(),
            ok.getVerificationURI(),
            ok.getVerificationURIComplete(),
            DeviceLogin.expiry(clock, ok.getLifetime()),
            Duration.ofSeconds(ok.getInterval() > 0 ? ok.getInterval() : 5));
    DeviceCode code = ok.getDeviceCode();
    LOG.log(System.Logger.Level.DEBUG, "device login started at {0}", auth.verificationUri());
    return new DeviceLogin(auth, () -> pollDevice(p.tokenEndpoint(), code), sleeper, clock);
  }

  private TokenSet pollDevice(URI tokenEndpoint, DeviceCode code) {
    HTTPRequest req = tokenRequest(tokenEndpoint, new DeviceCodeGrant(code), null);
    HTTPResponse resp = Http.send(sender, req, "device token poll");
    TokenResponse tr = parseToken(req, resp);
    if (tr.indicatesSuccess()) {
      return toTokenSet(tr.toSuccessResponse().getTokens());
    }
    ErrorObject err = ((TokenErrorResponse) tr).getErrorObject();
    String c = err.getCode() == null ? "" : err.getCode();
    return switch (c) {
      case "authorization_pending" -> null;
      case "slow_down" -> throw new DeviceLogin.SlowDown();
      case "access_denied" ->
          throw new LoginException(Reason.DENIED, "The user declined the login (access_denied).");
      case "expired_token" ->
          throw new LoginException(
              Reason.EXPIRED, "The device code expired before the login was finished; start a new login.");
      default ->
          throw Http.oauthError(
              req, err,
              "not_allowed".equals(c) && offlineAccess
                  ? "The provider does not allow offline_access for this user or client; ask for"
                      + " it to be granted, or build the client with offlineAccess(false)."
                  : "The device login failed; start a new login.",
              secrets(code.getValue()));
    };
  }

  // ---------------------------------------------------------------- authorization code + PKCE

  /**
   * Logs in with the authorization code flow and PKCE (S256) in a browser, with the default
   * scopes: a loopback redirect on 127.0.0.1 on an ephemeral port, the desktop's browser or the
   * URL printed to {@code System.err}, five minutes to finish.
   *
   * @return the tokens
   */
  public TokenSet loginWithBrowser() {
    return loginWithBrowser(Browser.systemOrPrint(System.err), Duration.ofMinutes(5), scopes);
  }

  /**
   * Logs in with the authorization code flow and PKCE (S256). The redirect goes to
   * {@code http://127.0.0.1:<ephemeral port>/callback}; {@code state} and the ID token's
   * {@code nonce} are checked.
   *
   * @param browser shows the user the authorization URL
   * @param timeout how long to wait for the browser to come back
   * @param scopes the scopes ({@code openid} is always added)
   * @return the tokens
   * @throws LoginException when the user declines, the state does not match, or time runs out
   * @throws InvalidTokenException when the ID token is invalid or its nonce is wrong
   */
  public TokenSet loginWithBrowser(Browser browser, Duration timeout, List<String> scopes) {
    Objects.requireNonNull(browser, "browser");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidRequestException("timeout", "must be positive, was " + timeout);
    }
    ProviderInfo p = provider();
    if (p.authorizationEndpoint() == null) {
      throw new LoginException(
          Reason.NOT_SUPPORTED, "The provider " + p.issuer() + " has no authorization_endpoint.");
    }
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    CompletableFuture<AuthorizationCode> result = new CompletableFuture<>();
    HttpServer server;
    try {
      // 127.0.0.1 exactly (not ::1): the redirect URI names it, as RFC 8252 section 7.3 advises
      InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
      server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    } catch (IOException e) {
      throw new de.denbi.spe.core.LocalIOException(
          "Cannot open a loopback port on 127.0.0.1 for the login redirect", e);
    }
    URI redirect = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
    server.createContext("/", ex -> callback(ex, redirect, state, result));
    server.setExecutor(null);
    server.start();
    try {
      URI authUri =
          new AuthenticationRequest.Builder(
                  ResponseType.CODE, scope(scopes, false), new ClientID(clientId), redirect)
              .endpointURI(p.authorizationEndpoint())
              .state(state)
              .nonce(nonce)
              .codeChallenge(verifier, CodeChallengeMethod.S256)
              .build()
              .toURI();
      browser.open(authUri);
      AuthorizationCode code;
      try {
        code = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new LoginException(
            Reason.TIMED_OUT,
            "The browser did not come back to " + redirect + " within " + timeout
                + "; log in again (and finish the login in the browser).");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoginException(Reason.CANCELLED, "The browser login was interrupted.");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SpeException se) {
          throw se;
        }
        throw new LoginException(Reason.PROVIDER_ERROR, "The browser login failed: " + e.getCause());
      }
      HTTPRequest req =
          tokenRequest(
              p.tokenEndpoint(), new AuthorizationCodeGrant(code, redirect, verifier), null);
      HTTPResponse resp = Http.send(sender, req, "authorization code");
      TokenSet tokens = tokensOrThrow(req, resp, "The authorization code was not accepted; log in again.",
          secrets(code.getValue(), verifier.getValue()));
      if (tokens.idToken() != null) {
        VerifiedJwt id = idTokenValidator().validate(tokens.idToken());
        if (!nonce.getValue().equals(id.claims().get("nonce"))) {
          throw new InvalidTokenException(
              InvalidTokenException.Reason.NONCE_MISMATCH,
              "The ID token's nonce is not the one this login sent (a replayed or injected token).");
        }
      }
      return tokens;
    } finally {
      server.stop(0);
    }
  }

  private static void callback(
      HttpExchange ex, URI redirect, State state, CompletableFuture<AuthorizationCode> result)
      throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getPath().equals("/callback")) {
        reply(ex, 404, "Not found.");
        return;
      }
      String q = ex.getRequestURI().getRawQuery();
      AuthorizationResponse ar;
      try {
        ar = AuthorizationResponse.parse(URI.create(redirect + (q == null ? "" : "?" + q)));
      } catch (ParseException e) {
        reply(ex, 400, "This is not a login response.");
        return;
      }
      if (!state.equals(ar.getState())) {
        reply(ex, 400, "The login response does not belong to this login (state mismatch).");
        result.completeExceptionally(
            new LoginException(
                Reason.STATE_MISMATCH,
                "The redirect to " + redirect + " carried another state than this login sent;"
                    + " it was refused (a forged or stale redirect). Log in again."));
        return;
      }
      if (!ar.indicatesSuccess()) {
        ErrorObject err = ((AuthorizationErrorResponse) ar).getErrorObject();
        String code = Redaction.text(String.valueOf(err.getCode())); // from the query: anyone can forge it
        reply(ex, 200, "The login did not succeed: " + code + ". You can close this window.");
        Reason r = "access_denied".equals(err.getCode()) ? Reason.DENIED : Reason.PROVIDER_ERROR;
        result.completeExceptionally(
            new LoginException(
                r,
                "The provider ended the login with '" + code + "'"
                    + (err.getDescription() == null ? "" : ": " + Redaction.text(err.getDescription()))
                    + "."));
        return;
      }
      reply(ex, 200, "Login complete. You can close this window and return to the application.");
      result.complete(ar.toSuccessResponse().getAuthorizationCode());
    }
  }

  private static void reply(HttpExchange ex, int status, String text) throws IOException {
    byte[] body =
        ("<!doctype html><html><head><meta charset=\"utf-8\"><title>SPE login</title></head>"
                + "<body><p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  // ---------------------------------------------------------------- other grants

  /**
   * Client credentials grant (a service acting as itself); needs a client secret.
   *
   * @param scopes the scopes, empty for the client's defaults
   * @return the tokens
   */
  public TokenSet clientCredentials(List<String> scopes) {
    requireSecret("client credentials");
    HTTPRequest req =
        tokenRequest(
            provider().tokenEndpoint(), new ClientCredentialsGrant(),
            scopes.isEmpty() ? null : Scope.parse(scopes));
    return tokensOrThrow(
        req, Http.send(sender, req, "client credentials"),
        "The client credentials were not accepted; check the client id and secret.", secrets());
  }

  /**
   * Refreshes tokens. When the provider rotates refresh tokens the result carries the new one;
   * when it does not, the old one is kept in the result.
   *
   * @param refreshToken the refresh token
   * @return the new tokens
   * @throws LoginRequiredException if the refresh token was rejected ({@code invalid_grant}):
   *     the user must log in again
   */
  public TokenSet refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new LoginRequiredException("There is no refresh token; log in again.");
    }
    HTTPRequest req =
        tokenRequest(
            provider().tokenEndpoint(), new RefreshTokenGrant(new RefreshToken(refreshToken)),
            null);
    HTTPResponse resp = Http.send(sender, req, "token refresh");
    TokenResponse tr = parseToken(req, resp);
    if (!tr.indicatesSuccess()) {
      ErrorObject err = ((TokenErrorResponse) tr).getErrorObject();
      OAuthErrorException e =
          Http.oauthError(req, err, "The refresh failed.", secrets(refreshToken));
      if ("invalid_grant".equals(err.getCode())) {
        throw new LoginRequiredException(
            "The refresh token was rejected by " + issuer + " (invalid_grant: expired, revoked or"
                + " already used); the user must log in again.", e);
      }
      throw e;
    }
    TokenSet t = toTokenSet(tr.toSuccessResponse().getTokens());
    return t.refreshToken() == null ? t.withRefreshToken(refreshToken) : t;
  }

  /**
   * Token exchange (RFC 8693).
   *
   * @param request the exchange
   * @return the issued token (in {@link TokenSet#accessToken()}, whatever its type) with {@link
   *     TokenSet#issuedTokenType()}
   */
  public TokenSet exchange(TokenExchange request) {
    Objects.requireNonNull(request, "request");
    List<Audience> aud = request.audiences().stream().map(Audience::new).toList();
    TokenExchangeGrant grant =
        new TokenExchangeGrant(
            new TypelessToken(request.subjectToken()),
            tokenType(request.subjectTokenType()),
            request.actorToken() == null ? null : new TypelessToken(request.actorToken()),
            request.actorTokenType() == null ? null : tokenType(request.actorTokenType()),
            request.requestedTokenType() == null ? null : tokenType(request.requestedTokenType()),
            aud.isEmpty() ? null : aud);
    HTTPRequest req =
        tokenRequest(
            provider().tokenEndpoint(), grant,
            request.scopes().isEmpty() ? null : Scope.parse(request.scopes()));
    return tokensOrThrow(
        req, Http.send(sender, req, "token exchange"),
        "The token exchange was refused; check that this client may exchange tokens for the"
            + " requested audience and token type.",
        secrets(request.subjectToken(), request.actorToken()));
  }

  /**
   * Exchanges an access token for a GA4GH passport token (Passport 1.2), where the provider
   * offers it.
   *
   * @param accessToken the user's access token
   * @return the passport JWT
   */
  public String exchangeForPassport(String accessToken) {
    return exchange(
            TokenExchange.builder(accessToken)
                .requestedTokenType(TokenExchange.PASSPORT_TYPE)
                .build())
        .accessToken()
        .value();
  }

  /**
   * Introspects a token (RFC 7662); needs a client secret (LS Login requires client
   * authentication).
   *
   * @param token the token
   * @return the provider's answer
   */
  public Introspection introspect(String token) {
    requireSecret("introspection");
    if (token == null || token.isBlank()) {
      throw new InvalidRequestException("token", "must not be blank");
    }
    ProviderInfo p = provider();
    if (p.introspectionEndpoint() == null) {
      throw new InvalidConfigException(
          "oidc.issuer", "the provider " + p.issuer() + " has no introspection_endpoint");
    }
    HTTPRequest req =
        new TokenIntrospectionRequest(p.introspectionEndpoint(), clientAuth(), new TypelessToken(token))
            .toHTTPRequest();
    HTTPResponse resp = Http.send(sender, req, "introspection");
    TokenIntrospectionResponse ir;
    try {
      ir = TokenIntrospectionResponse.parse(resp);
    } catch (ParseException e) {
      throw Http.invalid(req, resp, "not an introspection reply: " + e.getMessage());
    }
    if (!ir.indicatesSuccess()) {
      throw Http.oauthError(
          req, ir.toErrorResponse().getErrorObject(),
          "Introspection was refused; check the client id and secret.", secrets(token));
    }
    TokenIntrospectionSuccessResponse ok = ir.toSuccessResponse();
    if (!ok.isActive()) {
      return new Introspection(false, null, null, null, List.of(), List.of(), null, null, Map.of());
    }
    return new Introspection(
        true,
        ok.getSubject() == null ? null : ok.getSubject().getValue(),
        ok.getClientID() == null ? null : ok.getClientID().getValue(),
        ok.getUsername(),
        ok.getScope() == null ? List.of() : ok.getScope().toStringList(),
        ok.getAudience() == null ? List.of() : Audience.toStringList(ok.getAudience()),
        ok.getIssuer() == null ? null : ok.getIssuer().getValue(),
        ok.getExpirationTime() == null ? null : ok.getExpirationTime().toInstant(),
        ok.toJSONObject());
  }

  /**
   * The userinfo claims for an access token.
   *
   * @param accessToken the access token
   * @return the claims (JSON values)
   */
  public Map<String, Object> userInfoClaims(String accessToken) {
    if (accessToken == null || accessToken.isBlank()) {
      throw new InvalidRequestException("accessToken", "must not be blank");
    }
    ProviderInfo p = provider();
    if (p.userInfoEndpoint() == null) {
      throw new InvalidConfigException(
          "oidc.issuer", "the provider " + p.issuer() + " has no userinfo_endpoint");
    }
    HTTPRequest req =
        new UserInfoRequest(p.userInfoEndpoint(), new BearerAccessToken(accessToken)).toHTTPRequest();
    HTTPResponse resp = Http.send(sender, req, "userinfo");
    UserInfoResponse ur;
    try {
      ur = UserInfoResponse.parse(resp);
    } catch (ParseException e) {
      throw Http.invalid(req, resp, "not a userinfo reply: " + e.getMessage());
    }
    if (!ur.indicatesSuccess()) {
      ErrorObject err = ((UserInfoErrorResponse) ur).getErrorObject();
      if (err == null || err.getCode() == null) {
        err = new ErrorObject("invalid_token", "HTTP " + resp.getStatusCode(), resp.getStatusCode());
      }
      throw Http.oauthError(
          req, err, "The userinfo request was refused; the access token may have expired.",
          secrets(accessToken));
    }
    UserInfoSuccessResponse ok = ur.toSuccessResponse();
    if (ok.getUserInfo() != null) {
      return ok.getUserInfo().toJSONObject();
    }
    if (ok.getUserInfoJWT() != null) {
      return idTokenValidator().validate(ok.getUserInfoJWT().serialize()).claims();
    }
    throw Http.invalid(req, resp, "the userinfo reply has no claims");
  }

  /**
   * The user's identity from userinfo (entitlements and the other LS Login claims).
   *
   * @param accessToken the access token
   * @return the identity
   */
  public SpeIdentity userInfo(String accessToken) {
    return SpeIdentity.fromClaims(userInfoClaims(accessToken));
  }

  /**
   * Revokes a token (RFC 7009).
   *
   * @param token the token
   * @param refresh whether it is a refresh token (else an access token)
   */
  public void revoke(String token, boolean refresh) {
    if (token == null || token.isBlank()) {
      throw new InvalidRequestException("token", "must not be blank");
    }
    ProviderInfo p = provider();
    if (p.revocationEndpoint() == null) {
      throw new InvalidConfigException(
          "oidc.issuer", "the provider " + p.issuer() + " has no revocation_endpoint");
    }
    Token t = refresh ? new RefreshToken(token) : new BearerAccessToken(token);
    HTTPRequest req =
        clientSecret == null
            ? new TokenRevocationRequest(p.revocationEndpoint(), new ClientID(clientId), t).toHTTPRequest()
            : new TokenRevocationRequest(p.revocationEndpoint(), clientAuth(), t).toHTTPRequest();
    HTTPResponse resp = Http.send(sender, req, "revocation");
    if (resp.getStatusCode() != 200) {
      ErrorObject err;
      try {
        err = ErrorObject.parse(resp);
      } catch (RuntimeException e) {
        err = new ErrorObject("server_error", null, resp.getStatusCode());
      }
      throw Http.oauthError(req, err, "The token could not be revoked.", secrets(token));
    }
  }

  /**
   * Logs out: revokes the refresh token and the access token where the provider can, and
   * returns the URL that ends the browser session (RP-initiated logout) if the provider has
   * one.
   *
   * @param tokens the tokens of the session
   * @param postLogoutRedirect where the browser goes afterwards, or {@code null}
   * @return the end-session URL to open in a browser, if any
   */
  public Optional<URI> logout(TokenSet tokens, URI postLogoutRedirect) {
    Objects.requireNonNull(tokens, "tokens");
    ProviderInfo p = provider();
    if (p.revocationEndpoint() != null) {
      if (tokens.refreshToken() != null) {
        revoke(tokens.refreshToken(), true);
      }
      try {
        revoke(tokens.accessToken().value(), false);
      } catch (OAuthErrorException e) {
        if (!"unsupported_token_type".equals(e.error())) {
          throw e;
        }
        // RFC 7009 lets a provider revoke refresh tokens only; the access token then expires
      }
    }
    if (p.endSessionEndpoint() == null) {
      return Optional.empty();
    }
    StringBuilder u = new StringBuilder(p.endSessionEndpoint().toString());
    u.append(p.endSessionEndpoint().getRawQuery() == null ? '?' : '&');
    u.append("client_id=").append(enc(clientId));
    if (tokens.idToken() != null) {
      u.append("&id_token_hint=").append(enc(tokens.idToken()));
    }
    if (postLogoutRedirect != null) {
      u.append("&post_logout_redirect_uri=").append(enc(postLogoutRedirect.toString()));
    }
    return Optional.of(URI.create(u.toString()));
  }

  // ---------------------------------------------------------------- validation and sources

  /**
   * A validator for this provider's ID tokens (audience: the client id), with the keys from its
   * {@code jwks_uri}.
   *
   * @return the validator
   */
  public JwtValidator idTokenValidator() {
    JwtValidator v = idTokenValidator;
    if (v == null) {
      v = accessTokenValidator(clientId);
      idTokenValidator = v;
    }
    return v;
  }

  /**
   * A validator for access tokens of this provider meant for an audience.
   *
   * @param audience the audience (your service's client id)
   * @return the validator
   */
  public JwtValidator accessTokenValidator(String audience) {
    ProviderInfo p = provider();
    if (p.jwksUri() == null) {
      throw new InvalidConfigException(
          "oidc.issuer", "the provider " + p.issuer() + " publishes no jwks_uri");
    }
    return JwtValidator.builder()
        .issuer(p.issuer())
        .jwksUri(p.jwksUri())
        .audience(audience)
        .http(http)
        .clock(clock)
        .build();
  }

  /**
   * A refreshing token source that starts with these tokens.
   *
   * @param tokens the tokens of a login
   * @return the source
   */
  public RefreshingTokenSource tokenSource(TokenSet tokens) {
    return RefreshingTokenSource.builder(this).initialTokens(tokens).build();
  }

  /**
   * A token source for this (confidential) client's own tokens, by client credentials.
   *
   * @param scopes the scopes
   * @return the source
   */
  public RefreshingTokenSource clientCredentialsSource(List<String> scopes) {
    requireSecret("client credentials");
    List<String> s = List.copyOf(scopes);
    return RefreshingTokenSource.builder(this).refresher(old -> clientCredentials(s)).build();
  }

  // ---------------------------------------------------------------- helpers

  private HTTPRequest tokenRequest(URI endpoint, AuthorizationGrant grant, Scope scope) {
    TokenRequest tr =
        clientSecret == null
            ? new TokenRequest.Builder(endpoint, new ClientID(clientId), grant).scope(scope).build()
            : new TokenRequest.Builder(endpoint, clientAuth(), grant).scope(scope).build();
    return tr.toHTTPRequest();
  }

  private TokenResponse parseToken(HTTPRequest req, HTTPResponse resp) {
    try {
      return OIDCTokenResponseParser.parse(resp);
    } catch (ParseException e) {
      throw Http.invalid(req, resp, "not a token reply: " + e.getMessage());
    }
  }

  private TokenSet tokensOrThrow(HTTPRequest req, HTTPResponse resp, String advice, List<String> secrets) {
    TokenResponse tr = parseToken(req, resp);
    if (!tr.indicatesSuccess()) {
      throw Http.oauthError(req, ((TokenErrorResponse) tr).getErrorObject(), advice, secrets);
    }
    return toTokenSet(tr.toSuccessResponse().getTokens());
  }

  private TokenSet toTokenSet(Tokens tokens) {
    AccessToken at = tokens.getAccessToken();
    Instant exp = at.getLifetime() > 0 ? clock.instant().plusSeconds(at.getLifetime()) : null;
    String id = tokens instanceof OIDCTokens o && o.getIDTokenString() != null ? o.getIDTokenString() : null;
    return new TokenSet(
        new de.denbi.spe.core.auth.AccessToken(at.getValue(), exp),
        tokens.getRefreshToken() == null ? null : tokens.getRefreshToken().getValue(),
        id,
        at.getScope() == null ? List.of() : at.getScope().toStringList(),
        at.getIssuedTokenType() == null ? null : at.getIssuedTokenType().getURI().toString());
  }

  private static TokenTypeURI tokenType(String uri) {
    try {
      return TokenTypeURI.parse(uri);
    } catch (ParseException e) {
      throw new InvalidRequestException("tokenType", "'" + uri + "' is not a token type URI");
    }
  }

  /**
   * {@code client_secret_post} where the provider lists it, else {@code client_secret_basic}
   * (the default of RFC 8414). With post the secret is a form field, which spe-core's HTTP log
   * knows to scrub from replies that echo it.
   */
  private ClientAuthentication clientAuth() {
    if (provider().tokenEndpointAuthMethods().contains("client_secret_post")) {
      return new ClientSecretPost(new ClientID(clientId), clientSecret);
    }
    return new ClientSecretBasic(new ClientID(clientId), clientSecret);
  }

  private void requireSecret(String what) {
    if (clientSecret == null) {
      throw new InvalidConfigException(
          "clientSecret", what + " needs a confidential client: set the client secret");
    }
  }

  private List<String> secrets(String... more) {
    List<String> s = new ArrayList<>(Http.secrets(more));
    if (clientSecret != null) {
      s.add(clientSecret.getValue());
    }
    return s;
  }

  private Scope scope(List<String> requested, boolean offline) {
    LinkedHashSet<String> s = new LinkedHashSet<>();
    s.add("openid");
    s.addAll(requested);
    if (offline) {
      s.add("offline_access");
    }
    return Scope.parse(s);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "OidcClient[issuer=" + issuer + ", clientId=" + clientId
        + (clientSecret == null ? ", public" : ", clientSecret=<redacted>") + "]";
  }

  /** Builds an {@link OidcClient}; {@link #build()} checks the settings. */
  public static final class Builder {
    private URI issuer;
    private String clientId;
    private String clientSecret;
    private List<String> scopes = List.of("openid");
    private SpeHttpClient http;
    private Clock clock = Clock.systemUTC();
    private Duration discoveryTtl = Duration.ofHours(1);
    private DeviceLogin.Sleeper sleeper = DeviceLogin.REAL_SLEEPER;
    private boolean offlineAccess = true;

    private Builder() {}

    /**
     * The issuer (required), e.g. {@code https://login.aai.lifescience-ri.eu/oidc/}.
     *
     * @param issuer the issuer URL
     * @return this builder
     */
    public Builder issuer(URI issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * The registered client id (required).
     *
     * @param clientId the client id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * The client secret of a confidential client (services); leave unset for a public client
     * (CLI, notebook).
     *
     * @param secret the secret
     * @return this builder
     */
    public Builder clientSecret(String secret) {
      this.clientSecret = secret;
      return this;
    }

    /**
     * Default scopes for logins (default {@code openid}).
     *
     * @param scopes the scopes
     * @return this builder
     */
    public Builder scopes(List<String> scopes) {
      this.scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
      return this;
    }

    /**
     * The HTTP client (default: a shared client named {@code OIDC} with 10 s connect, 30 s read
     * and 60 s call timeouts).
     *
     * @param http the client; do not give it a token source
     * @return this builder
     */
    public Builder http(SpeHttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * The clock (tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long the discovery document is cached (default 1 h).
     *
     * @param ttl the time to live
     * @return this builder
     */
    public Builder discoveryTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative()) {
        throw new InvalidConfigException("discoveryTtl", "must be zero or positive, was " + ttl);
      }
      this.discoveryTtl = ttl;
      return this;
    }

    /**
     * Whether device logins ask for {@code offline_access} (default true), so that a refresh
     * token comes back that outlives the browser session. Turn it off for providers or users
     * that may not have offline tokens (Keycloak then answers {@code not_allowed}); refresh
     * tokens then last as long as the login session.
     *
     * @param offline whether to ask
     * @return this builder
     */
    public Builder offlineAccess(boolean offline) {
      this.offlineAccess = offline;
      return this;
    }

    Builder sleeper(DeviceLogin.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /**
     * Applies a configuration function.
     *
     * @param config the function
     * @return this builder
     */
    public Builder apply(Consumer<Builder> config) {
      config.accept(this);
      return this;
    }

    /**
     * Builds the client. Nothing is fetched yet.
     *
     * @return the client
     * @throws InvalidConfigException naming the bad setting
     */
    public OidcClient build() {
      if (issuer == null) {
        throw new InvalidConfigException("issuer", "is required");
      }
      if (!"https".equals(issuer.getScheme()) && !"http".equals(issuer.getScheme())) {
        throw new InvalidConfigException("issuer", "must be an http(s) URL, was " + issuer);
      }
      if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
        throw new InvalidConfigException("issuer", "must not have a query or fragment");
      }
      if (clientId == null || clientId.isBlank()) {
        throw new InvalidConfigException("clientId", "is required");
      }
      if (clientSecret != null && clientSecret.isBlank()) {
        throw new InvalidConfigException("clientSecret", "must not be blank when set");
      }
      for (String s : scopes) {
        if (s == null || s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
          throw new InvalidConfigException("scopes", "each scope must be one word, was '" + s + "'");
        }
      }
      return new OidcClient(this);
    }
  }
}

package de.denbi.spe.benchmarks.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID provider on 127.0.0.1 for the benchmarks: discovery, a JWKS with one RS256
 * key, and a token endpoint that answers every refresh with a new signed access token (after an
 * optional delay, to stand in for a provider's latency).
 */
public final class AuthBenchServer implements AutoCloseable {
  /** The audience of the tokens. */
  public static final String AUDIENCE = "spe-service";

  private final HttpServer server;
  private final RSAKey key;
  private final AtomicInteger refreshes = new AtomicInteger();
  private final Duration tokenDelay;

  private AuthBenchServer(Duration tokenDelay) throws IOException {
    this.tokenDelay = tokenDelay;
    try {
      this.key = new RSAKeyGenerator(2048).keyID("bench-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/realm/.well-known/openid-configuration", ex -> reply(ex,
        "{\"issuer\":\"" + issuer() + "\",\"token_endpoint\":\"" + issuer() + "/token\","
            + "\"jwks_uri\":\"" + jwksUri() + "\"}"));
    server.createContext("/realm/jwks", ex -> reply(ex, new JWKSet(key).toPublicJWKSet().toString()));
    server.createContext("/realm/token", ex -> {
      ex.getRequestBody().readAllBytes();
      refreshes.incrementAndGet();
      if (!tokenDelay.isZero()) {
        try {
          Thread.sleep(tokenDelay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      reply(ex, "{\"access_token\":\"" + token(Instant.now().plusSeconds(300))
          + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    });
    server.start();
  }

  /**
   * Starts a server.
   *
   * @param tokenDelay how long the token endpoint takes to answer
   * @return the running server
   * @throws IOException if no port can be opened
   */
  public static AuthBenchServer start(Duration tokenDelay) throws IOException {
    return new AuthBenchServer(tokenDelay);
  }

  /**
   * The issuer URL.
   *
   * @return e.g. {@code http://127.0.0.1:41234/realm}
   */
  public URI issuer() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/realm");
  }

  /**
   * The JWKS URL.
   *
   * @return the URL
   */
  public URI jwksUri() {
    return URI.create(issuer() + "/jwks");
  }

  /**
   * How many token requests were answered.
   *
   * @return the count
   */
  public int refreshes() {
    return refreshes.get();
  }

  /**
   * A signed RS256 access token like a broker's: iss, sub, aud, exp, iat, azp, scope and
   * entitlements.
   *
   * @param exp when it expires
   * @return the compact JWT
   */
  public String token(Instant exp) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer().toString()).subject("0a11ce00-5be0-4d1c-8a11-ce0000000001")
        .audience(List.of(AUDIENCE, "account")).issueTime(new Date()).expirationTime(Date.from(exp))
        .claim("azp", "spe-cli").claim("scope", "openid profile email offline_access")
        .claim("preferred_username", "alice")
        .claim("eduperson_entitlement", List.of(
            "urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu",
            "urn:geant:lifescience-ri.eu:group:spe-project-1:role=member#aai.lifescience-ri.eu"))
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static void reply(HttpExchange ex, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package de.denbi.spe.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Keys, signed JWTs and a tiny JWKS server for tests. */
final class TestJwts {
  private TestJwts() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(RSAKey key, JWTClaimsSet claims) {
    return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
  }

  static JWTClaimsSet.Builder claims(String iss, String aud, Instant exp) {
    return new JWTClaimsSet.Builder().issuer(iss).audience(aud).subject("alice-sub")
        .issueTime(new Date()).expirationTime(Date.from(exp));
  }

  /** A JWKS endpoint on 127.0.0.1 that counts its hits and serves whatever key set it holds. */
  static final class JwksServer implements AutoCloseable {
    final HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    volatile String body;

    JwksServer(JWKSet keys) throws Exception {
      this.body = keys.toPublicJWKSet().toString();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/jwks", ex -> {
        hits.incrementAndGet();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(b);
        }
      });
      server.start();
    }

    void keys(JWKSet keys) {
      body = keys.toPublicJWKSet().toString();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    void context(String path, Consumer<com.sun.net.httpserver.HttpExchange> handler) {
      server.createContext(path, handler::accept);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static Map<String, Object> map(Object... kv) {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}

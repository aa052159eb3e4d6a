package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import de.denbi.spe.auth.InvalidTokenException.Reason;
import de.denbi.spe.core.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtValidatorTest {
  static final String ISS = "https://login.example.org/oidc/";
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final RSAKey key = TestJwts.rsa("k1");
  TestJwts.JwksServer jwks;
  JwtValidator validator;

  @BeforeEach
  void setUp() throws Exception {
    jwks = new TestJwts.JwksServer(new JWKSet(key));
    validator = JwtValidator.builder().issuer(java.net.URI.create(ISS)).jwksUri(jwks.uri())
        .audience("spe-service").clock(clock).minRefetchInterval(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void tearDown() {
    jwks.close();
  }

  String token(JWTClaimsSet c) {
    return TestJwts.sign(key, c);
  }

  @Test
  void acceptsAValidTokenAndReadsTheIdentity() {
    String t = token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(300))
        .claim("eduperson_entitlement",
            java.util.List.of("urn:geant:lifescience-ri.eu:group:p1:role=owner#aai.lifescience-ri.eu"))
        .claim("preferred_username", "alice").build());
    VerifiedJwt v = validator.validate(t);
    assertThat(v.subject()).isEqualTo("alice-sub");
    assertThat(v.algorithm()).isEqualTo("RS256");
    assertThat(v.keyId()).isEqualTo("k1");
    assertThat(v.identity().hasRole("p1", "owner")).isTrue();
    assertThat(v.toString()).doesNotContain(t);
    // warm cache: validating again fetches nothing
    validator.validate(t);
    assertThat(jwks.hits.get()).isEqualTo(1);
  }

  @Test
  void malformedTokens() {
    for (String bad : new String[] {"", "abc", "a.b", "a.b.c.d.e.f", "eyJhbGciOiJSUzI1NiJ9.!!!.sig",
        "eyJub3QiOiJqc29u.e30.c2ln"}) {
      assertThatThrownBy(() -> validator.validate(bad))
          .as(bad).isInstanceOfSatisfying(InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void algNoneIsRejected() {
    String plain = new PlainJWT(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build()).serialize();
    assertThatThrownBy(() -> validator.validate(plain))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED))
        .hasMessageContaining("none");
    // a token whose header says "none" but still carries a signature part
    String signed = token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build());
    String[] p = signed.split("\\.");
    String noneHeader = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> validator.validate(noneHeader + "." + p[1] + "." + p[2]))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(jwks.hits.get()).isZero();
  }

  @Test
  void hmacSignedWithThePublicKeyIsRejected() throws Exception {
    // the classic confusion attack: HS256 with the RSA public key as the HMAC secret
    byte[] secret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
        TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build());
    jwt.sign(new MACSigner(secret));
    assertThatThrownBy(() -> validator.validate(jwt.serialize()))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED))
        .hasMessageContaining("HMAC");
    assertThatThrownBy(() -> JwtValidator.builder().algorithms(Set.of("HS256")))
        .isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void wrongSignature() {
    String t = token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build());
    String[] p = t.split("\\.");
    // change the payload, keep the signature
    String forged = Base64URL.encode(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60))
        .subject("mallory").build().toString()).toString();
    assertThatThrownBy(() -> validator.validate(p[0] + "." + forged + "." + p[2]))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    // signed by another key with the same kid
    String other = TestJwts.sign(TestJwts.rsa("k1"), TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build());
    assertThatThrownBy(() -> validator.validate(other))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void expiredNotYetValidWrongAudienceWrongIssuer() {
    assertReason(token(TestJwts.claims(ISS, "spe-service", NOW.minusSeconds(61)).build()), Reason.EXPIRED);
    // within the skew: accepted
    validator.validate(token(TestJwts.claims(ISS, "spe-service", NOW.minusSeconds(30)).build()));
    assertReason(token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(600))
        .notBeforeTime(Date.from(NOW.plusSeconds(120))).build()), Reason.NOT_YET_VALID);
    assertReason(token(TestJwts.claims(ISS, "other-service", NOW.plusSeconds(60)).build()), Reason.WRONG_AUDIENCE);
    assertReason(token(TestJwts.claims("https://evil.example.org/", "spe-service", NOW.plusSeconds(60)).build()),
        Reason.WRONG_ISSUER);
    assertReason(token(new JWTClaimsSet.Builder().issuer(ISS).audience("spe-service").build()), Reason.MISSING_CLAIM);
  }

  @Test
  void unknownKidRefetchesOnceThenIsRateLimited() {
    RSAKey rotated = TestJwts.rsa("k2");
    String t2 = TestJwts.sign(rotated, TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build());
    validator.validate(token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build()));
    assertThat(jwks.hits.get()).isEqualTo(1);
    // k2 is unknown and not yet published: at most one refetch per interval however often asked
    for (int i = 0; i < 50; i++) {
      assertReason(t2, Reason.UNKNOWN_KEY);
    }
    assertThat(jwks.hits.get()).isEqualTo(1); // the first fetch was just now: rate limit holds
    // the provider rotates; after the interval one refetch finds the new key
    jwks.keys(new JWKSet(java.util.List.of(key, rotated)));
    Clock later = Clock.fixed(NOW.plusSeconds(31), ZoneOffset.UTC);
    JwtValidator v2 = JwtValidator.builder().issuer(java.net.URI.create(ISS)).jwksUri(jwks.uri())
        .audience("spe-service").clock(later).build();
    v2.validate(token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build()));
    int before = jwks.hits.get();
    v2.validate(t2);
    assertThat(jwks.hits.get()).isEqualTo(before); // fresh cache already had k2
    assertThat(v2.keyFetchCount()).isEqualTo(1);
  }

  @Test
  void rotationIsPickedUpByTheCacheAfterTheInterval() {
    MutableClock c = new MutableClock(NOW);
    JwtValidator v = JwtValidator.builder().issuer(java.net.URI.create(ISS)).jwksUri(jwks.uri())
        .audience("spe-service").clock(c).minRefetchInterval(Duration.ofSeconds(30)).build();
    v.validate(token(TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(600)).build()));
    RSAKey rotated = TestJwts.rsa("k2");
    jwks.keys(new JWKSet(java.util.List.of(key, rotated)));
    String t2 = TestJwts.sign(rotated, TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(600)).build());
    assertThatThrownBy(() -> v.validate(t2)).isInstanceOf(InvalidTokenException.class);
    assertThat(v.keyFetchCount()).isEqualTo(1);
    c.now = NOW.plusSeconds(31);
    assertThat(v.validate(t2).keyId()).isEqualTo("k2");
    assertThat(v.keyFetchCount()).isEqualTo(2);
  }

  @Test
  void symmetricKeysInTheJwksAreNeverUsed() throws Exception {
    byte[] secret = new byte[32];
    new java.security.SecureRandom().nextBytes(secret);
    com.nimbusds.jose.jwk.OctetSequenceKey oct =
        new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(secret).keyID("hmac").build();
    JwtValidator v = JwtValidator.builder().issuer(java.net.URI.create(ISS))
        .keys(new JWKSet(java.util.List.of(key, oct))).audience("spe-service").clock(clock).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("hmac").build(),
        TestJwts.claims(ISS, "spe-service", NOW.plusSeconds(60)).build());
    jwt.sign(new MACSigner(secret));
    assertThatThrownBy(() -> v.validate(jwt.serialize())).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void builderNamesTheMissingSetting() {
    assertThatThrownBy(() -> JwtValidator.builder().jwksUri(jwks.uri()).audience("a").build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("issuer"));
    assertThatThrownBy(() -> JwtValidator.builder().issuer(java.net.URI.create(ISS)).audience("a").build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("jwksUri"));
    assertThatThrownBy(() -> JwtValidator.builder().issuer(java.net.URI.create(ISS)).jwksUri(jwks.uri()).build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("audience"));
  }

  private void assertReason(String token, Reason reason) {
    assertThatThrownBy(() -> validator.validate(token))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).doesNotContain(token);
        });
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

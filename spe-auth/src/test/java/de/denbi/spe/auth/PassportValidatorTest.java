package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import de.denbi.spe.auth.InvalidTokenException.Reason;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PassportValidatorTest {
  static final String VISA_ISS = "https://visas.example.org/";
  static final String DATASET = "https://ega-archive.org/datasets/EGAD00000000001";
  final RSAKey key = TestJwts.rsa("visa-1");
  TestJwts.JwksServer trustedJwks;
  TestJwts.JwksServer untrustedJwks;
  PassportValidator validator;

  @BeforeEach
  void start() throws Exception {
    trustedJwks = new TestJwts.JwksServer(new JWKSet(key));
    untrustedJwks = new TestJwts.JwksServer(new JWKSet(key));
    validator = PassportValidator.builder()
        .trust(TrustedVisaIssuer.of(VISA_ISS, trustedJwks.uri())).build();
  }

  @AfterEach
  void stop() {
    trustedJwks.close();
    untrustedJwks.close();
  }

  static Map<String, Object> grant(String value, Instant asserted) {
    return TestJwts.map("type", "ControlledAccessGrants", "asserted", asserted.getEpochSecond(),
        "value", value, "source", "https://ega-archive.org/dacs/EGAC00000000001", "by", "dac");
  }

  static String visa(RSAKey key, URI jku, String iss, Instant exp, Map<String, Object> body) {
    JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).jwkURL(jku).build();
    JWTClaimsSet c = new JWTClaimsSet.Builder().issuer(iss).subject("alice-sub")
        .issueTime(new Date()).expirationTime(Date.from(exp)).claim("ga4gh_visa_v1", body).build();
    return TestJwts.sign(key, h, c);
  }

  String good() {
    return visa(key, trustedJwks.uri(), VISA_ISS, Instant.now().plusSeconds(3600),
        grant(DATASET, Instant.now().minusSeconds(86400)));
  }

  @Test
  void acceptsAValidGrantAndExposesIt() {
    Passport p = validator.fromUserInfo(Map.of("sub", "alice-sub", "ga4gh_passport_v1", List.of(good())));
    assertThat(p.rejected()).isEmpty();
    assertThat(p.datasetGrants()).singleElement().satisfies(g -> {
      assertThat(g.value()).isEqualTo(DATASET);
      assertThat(g.source()).isEqualTo("https://ega-archive.org/dacs/EGAC00000000001");
      assertThat(g.by()).isEqualTo("dac");
    });
    assertThat(p.grants(DATASET, Instant.now())).isTrue();
    assertThat(p.grants("https://ega-archive.org/datasets/OTHER", Instant.now())).isFalse();
    assertThat(p.grants(DATASET, Instant.now().plusSeconds(7200))).isFalse();
  }

  @Test
  void aJkuOffTheAllowListIsRejectedBeforeAnyFetch() {
    String v = visa(key, untrustedJwks.uri(), VISA_ISS, Instant.now().plusSeconds(3600),
        grant(DATASET, Instant.now()));
    assertRejected(v, Reason.UNTRUSTED_ISSUER);
    assertThat(untrustedJwks.hits.get()).isZero();
    assertThat(trustedJwks.hits.get()).isZero();
  }

  @Test
  void eachKindOfBadVisaHasItsReason() {
    Instant later = Instant.now().plusSeconds(3600);
    assertRejected(visa(key, trustedJwks.uri(), "https://other.example.org/", later, grant(DATASET, Instant.now())),
        Reason.UNTRUSTED_ISSUER);
    assertRejected(visa(TestJwts.rsa("visa-1"), trustedJwks.uri(), VISA_ISS, later, grant(DATASET, Instant.now())),
        Reason.BAD_SIGNATURE);
    assertRejected(visa(key, trustedJwks.uri(), VISA_ISS, Instant.now().minusSeconds(3600),
        grant(DATASET, Instant.now().minusSeconds(7200))), Reason.EXPIRED);
    assertRejected(visa(key, trustedJwks.uri(), VISA_ISS, later, grant(DATASET, Instant.now().plusSeconds(600))),
        Reason.NOT_YET_VALID);
    Map<String, Object> withConditions = new java.util.LinkedHashMap<>(grant(DATASET, Instant.now()));
    withConditions.put("conditions", List.of(List.of(Map.of("type", "AffiliationAndRole",
        "value", "const:faculty@example.org", "by", "const:so"))));
    assertRejected(visa(key, trustedJwks.uri(), VISA_ISS, later, withConditions), Reason.UNSUPPORTED_CONDITIONS);
    Map<String, Object> noValue = new java.util.LinkedHashMap<>(grant(DATASET, Instant.now()));
    noValue.remove("value");
    assertRejected(visa(key, trustedJwks.uri(), VISA_ISS, later, noValue), Reason.MISSING_CLAIM);
    assertRejected(new PlainJWT(new JWTClaimsSet.Builder().issuer(VISA_ISS).build()).serialize(),
        Reason.ALGORITHM_NOT_ALLOWED);
    assertRejected("not.a.visa", Reason.MALFORMED);
    JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).jwkURL(trustedJwks.uri()).build();
    JWTClaimsSet notYet = new JWTClaimsSet.Builder().issuer(VISA_ISS).subject("alice-sub")
        .issueTime(new Date()).notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
        .expirationTime(Date.from(later.plusSeconds(3600))).claim("ga4gh_visa_v1", grant(DATASET, Instant.now())).build();
    assertRejected(TestJwts.sign(key, h, notYet), Reason.NOT_YET_VALID); // a visa's own nbf
    RSAKey unpublished = TestJwts.rsa("visa-2");
    assertRejected(visa(unpublished, trustedJwks.uri(), VISA_ISS, later, grant(DATASET, Instant.now())),
        Reason.UNKNOWN_KEY);
  }

  @Test
  void oneBadVisaDoesNotSpoilTheOthers() {
    String bad = visa(key, untrustedJwks.uri(), VISA_ISS, Instant.now().plusSeconds(3600), grant("x", Instant.now()));
    Passport p = validator.validate(List.of(bad, good()));
    assertThat(p.visas()).hasSize(1);
    assertThat(p.rejected()).singleElement().satisfies(r -> {
      assertThat(r.index()).isZero();
      assertThat(r.issuer()).isEqualTo(VISA_ISS);
      assertThat(r.reason()).isEqualTo(Reason.UNTRUSTED_ISSUER);
      assertThat(r.toString()).doesNotContain(bad);
    });
  }

  private void assertRejected(String visa, Reason reason) {
    assertThatThrownBy(() -> validator.validateVisa(visa))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).doesNotContain(visa);
        });
  }

  @Test
  void passportByTokenExchange() throws Exception {
    RSAKey brokerKey = TestJwts.rsa("broker");
    try (StubProvider broker = new StubProvider()) {
      broker.discovery(broker.issuer().toString(), "");
      broker.route("/realm/jwks", r -> StubProvider.Reply.ok(new JWKSet(brokerKey).toPublicJWKSet().toString()));
      String passportJwt = TestJwts.sign(brokerKey, new JWTClaimsSet.Builder()
          .issuer(broker.issuer().toString()).subject("alice-sub").issueTime(new Date())
          .expirationTime(Date.from(Instant.now().plusSeconds(600)))
          .claim("ga4gh_passport_v1", List.of(good())).build());
      broker.route("/realm/token", r -> {
        assertThat(r.form()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
            .containsEntry("requested_token_type", TokenExchange.PASSPORT_TYPE)
            .containsEntry("subject_token", "user-access-token");
        return StubProvider.Reply.ok("{\"access_token\":\"" + passportJwt + "\",\"token_type\":\"N_A\","
            + "\"issued_token_type\":\"" + TokenExchange.PASSPORT_TYPE + "\",\"expires_in\":600}");
      });
      OidcClient svc = OidcClient.builder().issuer(broker.issuer()).clientId("svc")
          .clientSecret("svc-secret-123").build();
      String passport = svc.exchangeForPassport("user-access-token");
      JwtValidator brokerValidator = JwtValidator.builder().issuer(broker.issuer())
          .jwksUri(svc.provider().jwksUri()).anyAudience().build();
      Passport p = validator.fromPassportToken(passport, brokerValidator);
      assertThat(p.grants(DATASET, Instant.now())).isTrue();
    }
  }
}

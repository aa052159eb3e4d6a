package de.denbi.spe.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import de.denbi.spe.auth.InvalidTokenException.Reason;
import de.denbi.spe.auth.internal.Http;
import de.denbi.spe.auth.internal.JwksCache;
import de.denbi.spe.auth.internal.JwtChecks;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.http.SpeHttpClient;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates GA4GH Passport 1.2 visas: the visa's issuer must be trusted, its {@code jku} on
 * that issuer's allow-list (checked before anything is fetched), its signature valid with a key
 * from that {@code jku}, {@code exp} in the future, {@code asserted} not in the future, and it
 * must carry no {@code conditions} (which this SDK does not evaluate, so they are rejected).
 *
 * <pre>{@code
 * PassportValidator passports = PassportValidator.builder()
 *     .trust(TrustedVisaIssuer.of("https://ega.example.org/visas", URI.create("https://ega.example.org/jwks")))
 *     .build();
 * Passport p = passports.fromUserInfo(oidc.userInfoClaims(accessToken));
 * boolean ok = p.grants("https://ega-archive.org/datasets/EGAD00000000001", Instant.now());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PassportValidator {
  /** The claim that carries the visas, in userinfo and in passport tokens. */
  public static final String PASSPORT_CLAIM = "ga4gh_passport_v1";

  private static final Set<JWSAlgorithm> VISA_ALGORITHMS =
      JwtValidator.DEFAULT_ALGORITHMS.stream().map(JWSAlgorithm::parse)
          .collect(Collectors.toUnmodifiableSet());

  private final Map<String, TrustedVisaIssuer> trusted;
  private final Duration skew;
  private final Clock clock;
  private final SpeHttpClient http;
  private final Duration cacheTtl;
  private final Duration minRefetch;
  private final Map<URI, JwksCache> keys = new ConcurrentHashMap<>();

  private PassportValidator(Builder b) {
    this.trusted = Map.copyOf(b.trusted);
    this.skew = b.skew;
    this.clock = b.clock;
    this.http = b.http != null ? b.http : Http.defaultClient();
    this.cacheTtl = b.cacheTtl;
    this.minRefetch = b.minRefetch;
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
   * Validates the visas in userinfo claims ({@value #PASSPORT_CLAIM}).
   *
   * @param userInfo the userinfo claims
   * @return the passport (empty when the claim is absent)
   */
  public Passport fromUserInfo(Map<String, ?> userInfo) {
    Objects.requireNonNull(userInfo, "userInfo");
    return validate(visaStrings(userInfo.get(PASSPORT_CLAIM)));
  }

  /**
   * Validates a passport token (from {@link OidcClient#exchangeForPassport(String)}): the token
   * itself with the broker's validator, then each visa in it.
   *
   * @param passportToken the passport JWT
   * @param brokerValidator a validator for the broker that issued it (e.g. with {@link
   *     JwtValidator.Builder#anyAudience()})
   * @return the passport
   */
  public Passport fromPassportToken(String passportToken, JwtValidator brokerValidator) {
    VerifiedJwt p = brokerValidator.validate(passportToken);
    return validate(visaStrings(p.claims().get(PASSPORT_CLAIM)));
  }

  /**
   * Validates visas; each rejected one is reported with its reason, none makes the whole call
   * fail.
   *
   * @param visaJwts the visas
   * @return the passport
   */
  public Passport validate(List<String> visaJwts) {
    List<Visa> ok = new ArrayList<>();
    List<RejectedVisa> bad = new ArrayList<>();
    for (int i = 0; i < visaJwts.size(); i++) {
      try {
        ok.add(validateVisa(visaJwts.get(i)));
      } catch (InvalidTokenException e) {
        bad.add(new RejectedVisa(i, claimedIssuer(visaJwts.get(i)), e.reason(), e.getMessage()));
      }
    }
    return new Passport(ok, bad);
  }

  /**
   * Validates one visa.
   *
   * @param visaJwt the visa
   * @return the visa
   * @throws InvalidTokenException with the reason it is rejected
   */
  public Visa validateVisa(String visaJwt) {
    SignedJWT jwt = JwtChecks.parseSigned(visaJwt, "visa", VISA_ALGORITHMS);
    JWSHeader header = jwt.getHeader();
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException(Reason.MALFORMED, "The visa's claims are not JSON.");
    }
    String iss = claims.getIssuer();
    if (iss == null) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM, "The visa has no 'iss'.");
    }
    TrustedVisaIssuer t = trusted.get(iss);
    if (t == null) {
      throw new InvalidTokenException(
          Reason.UNTRUSTED_ISSUER, "The visa issuer '" + Redaction.text(iss) + "' is not trusted.");
    }
    URI jku = header.getJWKURL();
    if (jku == null) {
      throw new InvalidTokenException(
          Reason.UNTRUSTED_ISSUER,
          "The visa of " + iss + " has no 'jku' header (access-token-format visas are not"
              + " accepted).");
    }
    if (!t.jkuAllowList().contains(jku)) {
      throw new InvalidTokenException(
          Reason.UNTRUSTED_ISSUER,
          "The visa of " + iss + " names the jku " + Redaction.url(jku.toString())
              + ", which is not on its allow-list " + t.jkuAllowList() + "; nothing was fetched.");
    }
    JwksCache cache =
        keys.computeIfAbsent(
            jku, u -> new JwksCache(u, http.okHttpClient(), cacheTtl, minRefetch, clock));
    String what = "visa of " + Redaction.text(iss);
    JwtChecks.verifySignature(jwt, cache.keysFor(header), what, jku.toString());
    Instant now = clock.instant();
    Instant exp = JwtChecks.checkLifetime(claims, now, skew, what);
    Object raw = claims.getClaim("ga4gh_visa_v1");
    if (!(raw instanceof Map<?, ?> visa)) {
      throw new InvalidTokenException(
          Reason.MISSING_CLAIM, "The visa of " + iss + " has no 'ga4gh_visa_v1' object.");
    }
    Object conditions = visa.get("conditions");
    if (conditions != null && !(conditions instanceof Collection<?> c && c.isEmpty())) {
      throw new InvalidTokenException(
          Reason.UNSUPPORTED_CONDITIONS,
          "The visa of " + iss + " has 'conditions', which are not evaluated here; it is rejected.");
    }
    String type = string(visa, "type", iss);
    String value = string(visa, "value", iss);
    String source = string(visa, "source", iss);
    Object by = visa.get("by");
    if (!(visa.get("asserted") instanceof Number n)) {
      throw new InvalidTokenException(
          Reason.MISSING_CLAIM, "The visa of " + iss + " has no numeric 'asserted'.");
    }
    Instant asserted = Instant.ofEpochSecond(n.longValue());
    if (asserted.isAfter(now.plus(skew))) {
      throw new InvalidTokenException(
          Reason.NOT_YET_VALID,
          "The visa of " + iss + " was asserted in the future (" + asserted + ").");
    }
    return new Visa(
        iss, claims.getSubject(), type, asserted, value, source,
        by instanceof String s ? s : null, exp);
  }

  private static String string(Map<?, ?> visa, String field, String iss) {
    if (visa.get(field) instanceof String s && !s.isBlank()) {
      return s;
    }
    throw new InvalidTokenException(
        Reason.MISSING_CLAIM, "The visa of " + iss + " has no '" + field + "'.");
  }

  private static String claimedIssuer(String token) {
    try {
      return JWTParser.parse(token.strip()).getJWTClaimsSet().getIssuer();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  private static List<String> visaStrings(Object claim) {
    if (claim == null) {
      return List.of();
    }
    if (!(claim instanceof Collection<?> c)) {
      throw new InvalidTokenException(
          Reason.MALFORMED, "The '" + PASSPORT_CLAIM + "' claim is not a list of visas.");
    }
    List<String> out = new ArrayList<>(c.size());
    for (Object o : c) {
      out.add(o instanceof String s ? s : "");
    }
    return out;
  }

  /** Builds a {@link PassportValidator}. */
  public static final class Builder {
    private final Map<String, TrustedVisaIssuer> trusted = new LinkedHashMap<>();
    private Duration skew = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private SpeHttpClient http;
    private Duration cacheTtl = Duration.ofMinutes(15);
    private Duration minRefetch = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Trusts a visa issuer with its {@code jku} allow-list.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder trust(TrustedVisaIssuer issuer) {
      Objects.requireNonNull(issuer, "issuer");
      trusted.put(issuer.issuer(), issuer);
      return this;
    }

    /**
     * How far clocks may differ (default 60 s).
     *
     * @param skew the skew
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new InvalidConfigException("clockSkew", "must be between 0 and 5 minutes, was " + skew);
      }
      this.skew = skew;
      return this;
    }

    /**
     * The least time between two key fetches for unknown key ids, per {@code jku} (default
     * 30 s).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder minRefetchInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new InvalidConfigException("minRefetchInterval", "must be zero or positive");
      }
      this.minRefetch = interval;
      return this;
    }

    /**
     * The HTTP client for fetching visa issuers' keys.
     *
     * @param http the client
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
     * Builds the validator.
     *
     * @return the validator
     * @throws InvalidConfigException if no issuer is trusted
     */
    public PassportValidator build() {
      if (trusted.isEmpty()) {
        throw new InvalidConfigException("trust", "trust at least one visa issuer");
      }
      return new PassportValidator(this);
    }
  }
}

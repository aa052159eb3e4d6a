package de.denbi.spe.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import de.denbi.spe.auth.InvalidTokenException.Reason;
import de.denbi.spe.auth.internal.JwksCache;
import de.denbi.spe.auth.internal.JwtChecks;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.http.SpeHttpClient;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Validates JWTs locally against an issuer's published keys: signature (with an algorithm
 * allow-list of asymmetric algorithms only: never {@code none}, never an HMAC key taken from a
 * public JWKS), {@code iss}, {@code aud}, {@code exp} (required) and {@code nbf} with a clock
 * skew. Keys are cached; a token signed with an unknown {@code kid} makes the validator fetch
 * the JWKS again (key rotation), at most once per {@link Builder#minRefetchInterval(Duration)}.
 *
 * <pre>{@code
 * JwtValidator validator = JwtValidator.builder()
 *     .issuer(URI.create("https://login.aai.lifescience-ri.eu/oidc/"))
 *     .jwksUri(URI.create("https://login.aai.lifescience-ri.eu/oidc/jwk"))
 *     .audience("my-service")
 *     .build();
 * SpeIdentity who = validator.validate(bearerToken).identity();
 * }</pre>
 *
 * <p>Thread-safe; build one per issuer and share it. Every rejection is an {@link
 * InvalidTokenException} whose {@link InvalidTokenException#reason()} says why.
 *
 * @since 0.1.0
 */
public final class JwtValidator {

  /** The default algorithm allow-list: RSA, RSA-PSS and ECDSA signatures. */
  public static final Set<String> DEFAULT_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private final URI issuer;
  private final String issuerString;
  private final Set<String> audiences;
  private final boolean anyAudience;
  private final Set<JWSAlgorithm> algorithms;
  private final Duration skew;
  private final Clock clock;
  private final JwksCache keys;

  private JwtValidator(Builder b, JwksCache keys) {
    this.issuer = b.issuer;
    this.issuerString = b.issuer.toString();
    this.audiences = Set.copyOf(b.audiences);
    this.anyAudience = b.anyAudience;
    Set<JWSAlgorithm> algs = new LinkedHashSet<>();
    for (String a : b.algorithms) {
      algs.add(JWSAlgorithm.parse(a));
    }
    this.algorithms = Set.copyOf(algs);
    this.skew = b.clockSkew;
    this.clock = b.clock;
    this.keys = keys;
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
   * The issuer this validator accepts.
   *
   * @return the issuer
   */
  public URI issuer() {
    return issuer;
  }

  /**
   * How often the keys were fetched so far (rotation and rate limiting show here).
   *
   * @return the number of JWKS fetches
   */
  public int keyFetchCount() {
    return keys.fetchCount();
  }

  /**
   * Validates a compact serialized JWT.
   *
   * @param token the JWT
   * @return its verified claims
   * @throws InvalidTokenException if it is malformed, unsigned, signed with an algorithm or key
   *     that is not accepted, forged, from another issuer or for another audience, expired or
   *     not yet valid
   */
  public VerifiedJwt validate(String token) {
    SignedJWT jwt = parse(token);
    JWSHeader header = jwt.getHeader();
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException(
          Reason.MALFORMED, "The JWT's claims are not a JSON object: " + JwtChecks.safe(e));
    }
    String iss = claims.getIssuer();
    if (iss == null) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM, "The JWT has no 'iss' claim.");
    }
    if (!iss.equals(issuerString)) {
      throw new InvalidTokenException(
          Reason.WRONG_ISSUER,
          "The JWT was issued by '" + Redaction.text(iss) + "', expected '" + issuerString + "'.");
    }
    JwtChecks.verifySignature(jwt, keys.keysFor(header), "JWT",
        (keys.uri() == null ? "the configured key set" : keys.uri().toString())
            + " (even after fetching the keys again)");
    JwtChecks.checkLifetime(claims, clock.instant(), skew, "JWT");
    List<String> aud = claims.getAudience();
    if (!anyAudience && aud.stream().noneMatch(audiences::contains)) {
      throw new InvalidTokenException(
          Reason.WRONG_AUDIENCE,
          "The JWT is for audience " + aud + ", not for " + audiences
              + "; ask the provider for a token for this service (scope or token exchange).");
    }
    Date iat = claims.getIssueTime();
    return new VerifiedJwt(
        header.getAlgorithm().getName(),
        header.getKeyID(),
        issuer,
        claims.getSubject(),
        aud,
        claims.getExpirationTime().toInstant(),
        iat == null ? null : iat.toInstant(),
        claims.getClaims());
  }

  /**
   * Parses a compact JWT and checks its algorithm against the allow-list (no key is touched).
   *
   * @param token the token
   * @return the signed JWT
   */
  SignedJWT parse(String token) {
    return JwtChecks.parseSigned(token, "JWT", algorithms);
  }

  /** Builds a {@link JwtValidator}; {@link #build()} checks the settings. */
  public static final class Builder {
    private URI issuer;
    private URI jwksUri;
    private JWKSet fixedKeys;
    private final Set<String> audiences = new LinkedHashSet<>();
    private boolean anyAudience;
    private Set<String> algorithms = DEFAULT_ALGORITHMS;
    private Duration clockSkew = Duration.ofSeconds(60);
    private Duration cacheTtl = Duration.ofMinutes(15);
    private Duration minRefetchInterval = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private SpeHttpClient http;

    private Builder() {}

    /**
     * The issuer exactly as in the {@code iss} claim (required).
     *
     * @param issuer the issuer URL
     * @return this builder
     */
    public Builder issuer(URI issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Where the issuer publishes its keys (the {@code jwks_uri} of its discovery document).
     *
     * @param jwksUri the JWKS URL
     * @return this builder
     */
    public Builder jwksUri(URI jwksUri) {
      this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
      return this;
    }

    /**
     * A fixed key set instead of a JWKS URL (offline validation, tests).
     *
     * @param keys the keys; private parts and symmetric keys are ignored
     * @return this builder
     */
    public Builder keys(JWKSet keys) {
      this.fixedKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * An accepted audience; a token must name at least one of them in {@code aud}.
     *
     * @param audience e.g. your service's client id
     * @return this builder
     */
    public Builder audience(String audience) {
      if (audience == null || audience.isBlank()) {
        throw new InvalidConfigException("audience", "must not be blank");
      }
      this.audiences.add(audience);
      return this;
    }

    /**
     * Accept any audience (for tokens that carry none, such as passports). Without it at least
     * one {@link #audience(String)} is required.
     *
     * @return this builder
     */
    public Builder anyAudience() {
      this.anyAudience = true;
      return this;
    }

    /**
     * The accepted JWS algorithms (default {@link #DEFAULT_ALGORITHMS}). {@code none} and the
     * HMAC algorithms are refused.
     *
     * @param algorithms e.g. {@code RS256}
     * @return this builder
     */
    public Builder algorithms(Set<String> algorithms) {
      Objects.requireNonNull(algorithms, "algorithms");
      if (algorithms.isEmpty()) {
        throw new InvalidConfigException("algorithms", "must name at least one algorithm");
      }
      for (String a : algorithms) {
        if (!DEFAULT_ALGORITHMS.contains(a)) {
          throw new InvalidConfigException(
              "algorithms",
              "'" + a + "' is not allowed; choose from " + DEFAULT_ALGORITHMS
                  + " ('none' and HMAC algorithms are never accepted)");
        }
      }
      this.algorithms = Set.copyOf(algorithms);
      return this;
    }

    /**
     * How far clocks may differ (default 60 s), applied to {@code exp} and {@code nbf}.
     *
     * @param skew the skew, at most 5 minutes
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new InvalidConfigException("clockSkew", "must be between 0 and 5 minutes, was " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /**
     * How long fetched keys are used before they are fetched again (default 15 min).
     *
     * @param ttl the time to live
     * @return this builder
     */
    public Builder cacheTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new InvalidConfigException("cacheTtl", "must be positive, was " + ttl);
      }
      this.cacheTtl = ttl;
      return this;
    }

    /**
     * The least time between two fetches caused by unknown key ids (default 30 s).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder minRefetchInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new InvalidConfigException(
            "minRefetchInterval", "must be zero or positive, was " + interval);
      }
      this.minRefetchInterval = interval;
      return this;
    }

    /**
     * The HTTP client for fetching keys (default: a new {@link SpeHttpClient} named {@code
     * OIDC}).
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
     * Builds the validator.
     *
     * @return the validator
     * @throws InvalidConfigException if the issuer, the keys or the audience are missing
     */
    public JwtValidator build() {
      if (issuer == null) {
        throw new InvalidConfigException("issuer", "is required");
      }
      if (jwksUri == null && fixedKeys == null) {
        throw new InvalidConfigException("jwksUri", "is required (or keys(...))");
      }
      if (jwksUri != null && fixedKeys != null) {
        throw new InvalidConfigException("jwksUri", "give either jwksUri or keys, not both");
      }
      if (audiences.isEmpty() && !anyAudience) {
        throw new InvalidConfigException(
            "audience", "is required (your service's client id), or anyAudience()");
      }
      JwksCache cache;
      if (fixedKeys != null) {
        cache = JwksCache.fixed(fixedKeys, clock);
      } else {
        String scheme = jwksUri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
          throw new InvalidConfigException("jwksUri", "must be an http(s) URL, was " + jwksUri);
        }
        SpeHttpClient h = http != null ? http : de.denbi.spe.auth.internal.Http.defaultClient();
        cache = new JwksCache(jwksUri, h.okHttpClient(), cacheTtl, minRefetchInterval, clock);
      }
      return new JwtValidator(this, cache);
    }
  }
}

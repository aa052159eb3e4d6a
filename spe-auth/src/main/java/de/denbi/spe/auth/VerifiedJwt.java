package de.denbi.spe.auth;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JWT whose signature, issuer, audience and lifetime were checked by a {@link JwtValidator}.
 * It holds the claims, never the token itself.
 *
 * @param algorithm the JWS algorithm it was signed with, e.g. {@code RS256}
 * @param keyId the {@code kid} of the signing key, or {@code null}
 * @param issuer the {@code iss} claim
 * @param subject the {@code sub} claim, or {@code null}
 * @param audience the {@code aud} claim (empty if absent)
 * @param expiresAt the {@code exp} claim
 * @param issuedAt the {@code iat} claim, or {@code null}
 * @param claims all claims, as JSON values (strings, numbers, booleans, lists, maps)
 * @since 0.1.0
 */
public record VerifiedJwt(
    String algorithm,
    String keyId,
    URI issuer,
    String subject,
    List<String> audience,
    Instant expiresAt,
    Instant issuedAt,
    Map<String, Object> claims) {

  /** Copies the lists and maps. */
  public VerifiedJwt {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(issuer, "issuer");
    audience = audience == null ? List.of() : List.copyOf(audience);
    claims = claims == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(claims));
  }

  /**
   * One claim as a string.
   *
   * @param name the claim name
   * @return its value, if it is present and a string
   */
  public Optional<String> stringClaim(String name) {
    return claims.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /**
   * The identity these claims describe (for an access or ID token of a user).
   *
   * @return the identity
   * @throws InvalidTokenException if there is no {@code sub}
   */
  public SpeIdentity identity() {
    return SpeIdentity.fromClaims(claims);
  }
}

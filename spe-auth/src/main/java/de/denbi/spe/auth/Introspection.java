package de.denbi.spe.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's answer to a token introspection (RFC 7662).
 *
 * @param active whether the token is currently active; when false nothing else is set
 * @param subject the {@code sub}, or {@code null}
 * @param clientId the client the token was issued to, or {@code null}
 * @param username the {@code username} (display only), or {@code null}
 * @param scopes the token's scopes
 * @param audience the token's audiences
 * @param issuer the issuer, or {@code null}
 * @param expiresAt the expiry, or {@code null}
 * @param claims every member of the reply (entitlements and other claims the provider adds)
 * @since 0.1.0
 */
public record Introspection(
    boolean active,
    String subject,
    String clientId,
    String username,
    List<String> scopes,
    List<String> audience,
    String issuer,
    Instant expiresAt,
    Map<String, Object> claims) {

  /** Copies the collections. */
  public Introspection {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    audience = audience == null ? List.of() : List.copyOf(audience);
    claims = claims == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(claims));
  }

  /**
   * The identity of an active user token.
   *
   * @return the identity, if the token is active and has a subject
   */
  public Optional<SpeIdentity> identity() {
    return active && subject != null ? Optional.of(SpeIdentity.fromClaims(claims)) : Optional.empty();
  }
}

package de.denbi.spe.auth;

import de.denbi.spe.core.auth.AccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tokens a provider issued in one response. {@link #toString()} shows no token value.
 *
 * @param accessToken the access token with its expiry
 * @param refreshToken the refresh token, or {@code null} when none was issued
 * @param idToken the OpenID Connect ID token, or {@code null}
 * @param scopes the granted scopes (empty when the provider did not say)
 * @param issuedTokenType for token exchange: the {@code issued_token_type}, else {@code null}
 * @since 0.1.0
 */
public record TokenSet(
    AccessToken accessToken,
    String refreshToken,
    String idToken,
    List<String> scopes,
    String issuedTokenType) {

  /** Checks the access token and copies the scopes. */
  public TokenSet {
    Objects.requireNonNull(accessToken, "accessToken");
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  /**
   * When the access token expires.
   *
   * @return the expiry, if the provider said
   */
  public Optional<Instant> expiresAt() {
    return accessToken.expiry();
  }

  /**
   * The refresh token.
   *
   * @return it, if one was issued
   */
  public Optional<String> refresh() {
    return Optional.ofNullable(refreshToken);
  }

  /**
   * The same tokens with another refresh token (used when a refresh response does not rotate
   * the refresh token: the old one stays valid).
   *
   * @param refresh the refresh token to keep
   * @return the copy
   */
  public TokenSet withRefreshToken(String refresh) {
    return new TokenSet(accessToken, refresh, idToken, scopes, issuedTokenType);
  }

  @Override
  public String toString() {
    return "TokenSet[accessToken=" + accessToken + ", refreshToken="
        + (refreshToken == null ? "none" : "<redacted>") + ", idToken="
        + (idToken == null ? "none" : "<redacted>") + ", scopes=" + scopes
        + (issuedTokenType == null ? "" : ", issuedTokenType=" + issuedTokenType) + "]";
  }
}

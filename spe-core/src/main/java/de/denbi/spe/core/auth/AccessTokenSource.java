package de.denbi.spe.core.auth;

import java.util.Objects;

/**
 * Where a client gets the bearer token for its requests: the one point where the SDK's client
 * modules meet an authentication module. {@code spe-auth} provides refreshing, persistent and
 * oidc-agent sources; anything else (a token from a portal's session) can implement it.
 *
 * <p>Implementations must be thread-safe. {@link #token()} may block to refresh; it should
 * return a cached token while it is valid and run at most one refresh at a time.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AccessTokenSource {

  /**
   * A token that is valid now (refreshing it first if needed).
   *
   * @return the token
   * @throws de.denbi.spe.core.SpeException if no token can be had (e.g. the user must log in)
   */
  AccessToken token();

  /**
   * Tells the source that a server rejected {@code rejected} with HTTP 401, so the next
   * {@link #token()} must not return it again. The HTTP layer calls this once per rejection and
   * then retries the request once. Sources that cannot refresh ignore it (the default).
   *
   * @param rejected the token the server rejected
   */
  default void invalidate(AccessToken rejected) {}

  /**
   * A source that always returns the same token (for tests and short scripts).
   *
   * @param token the token
   * @return the source
   */
  static AccessTokenSource of(AccessToken token) {
    Objects.requireNonNull(token, "token");
    return new AccessTokenSource() {
      @Override
      public AccessToken token() {
        return token;
      }

      @Override
      public String toString() {
        return "AccessTokenSource.of(" + token + ")";
      }
    };
  }

  /**
   * A source that always returns the same token value with unknown expiry.
   *
   * @param token the token value
   * @return the source
   */
  static AccessTokenSource of(String token) {
    return of(AccessToken.of(token));
  }
}

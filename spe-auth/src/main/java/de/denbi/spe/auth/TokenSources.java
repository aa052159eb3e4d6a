package de.denbi.spe.auth;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Simple token sources: a fixed token, and one from an environment variable (a CI job, a batch
 * job handed a token). Neither refreshes; use {@link RefreshingTokenSource} for that.
 *
 * @since 0.1.0
 */
public final class TokenSources {
  /** The default environment variable: {@value}. */
  public static final String DEFAULT_VARIABLE = "SPE_TOKEN";

  private TokenSources() {}

  /**
   * A source that always returns this token; its expiry is read from the JWT's {@code exp} if
   * it is a JWT (not validated, only to know when it runs out).
   *
   * @param token the token
   * @return the source
   */
  public static AccessTokenSource fixed(String token) {
    if (token == null || token.isBlank()) {
      throw new InvalidConfigException("token", "must not be blank");
    }
    AccessToken t = new AccessToken(token.strip(), unverifiedExpiry(token.strip()));
    return new AccessTokenSource() {
      @Override
      public AccessToken token() {
        return t;
      }

      @Override
      public String toString() {
        return "TokenSources.fixed(" + t + ")";
      }
    };
  }

  /**
   * A source with the token in {@value #DEFAULT_VARIABLE}.
   *
   * @return the source
   * @throws InvalidConfigException if the variable is not set
   */
  public static AccessTokenSource fromEnvironment() {
    return fromEnvironment(DEFAULT_VARIABLE);
  }

  /**
   * A source with the token in an environment variable.
   *
   * @param variable the variable's name
   * @return the source
   * @throws InvalidConfigException naming the variable if it is not set
   */
  public static AccessTokenSource fromEnvironment(String variable) {
    return fromEnvironment(variable, System.getenv());
  }

  static AccessTokenSource fromEnvironment(String variable, Map<String, String> env) {
    Objects.requireNonNull(variable, "variable");
    String v = env.get(variable);
    if (v == null || v.isBlank()) {
      throw new InvalidConfigException(
          variable, "is not set; export an access token there (or use a device login)");
    }
    try {
      AccessTokenSource fixed = fixed(v);
      return new AccessTokenSource() {
        @Override
        public AccessToken token() {
          return fixed.token();
        }

        @Override
        public String toString() {
          return "TokenSources.fromEnvironment(" + variable + ", " + fixed.token() + ")";
        }
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(variable, "does not hold a valid bearer token: " + e.getMessage());
    }
  }

  static Instant unverifiedExpiry(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(parts[1]);
      var node = de.denbi.spe.core.json.SpeJson.mapper().readTree(new String(json, StandardCharsets.UTF_8));
      return node != null && node.path("exp").isNumber()
          ? Instant.ofEpochSecond(node.path("exp").asLong())
          : null;
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }
}

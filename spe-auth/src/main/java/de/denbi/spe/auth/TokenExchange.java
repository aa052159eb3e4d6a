package de.denbi.spe.auth;

import de.denbi.spe.core.InvalidRequestException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An OAuth 2.0 token exchange request (RFC 8693): trade a subject token for another token,
 * e.g. for another audience, with fewer scopes, or as a GA4GH passport. Build with {@link
 * #builder(String)}; {@link Builder#build()} checks it. {@link #toString()} hides the tokens.
 *
 * @param subjectToken the token to exchange
 * @param subjectTokenType its type URN (default access token)
 * @param audiences the audiences the new token is for (may be empty)
 * @param scopes the scopes to ask for (may be empty)
 * @param requestedTokenType the type of token wanted, or {@code null} for the provider's default
 * @param actorToken a token of the party acting, or {@code null}
 * @param actorTokenType its type, or {@code null}
 * @since 0.1.0
 */
public record TokenExchange(
    String subjectToken,
    String subjectTokenType,
    List<String> audiences,
    List<String> scopes,
    String requestedTokenType,
    String actorToken,
    String actorTokenType) {

  /** {@code urn:ietf:params:oauth:token-type:access_token}. */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /** {@code urn:ietf:params:oauth:token-type:refresh_token}. */
  public static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";

  /** {@code urn:ietf:params:oauth:token-type:id_token}. */
  public static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

  /** {@code urn:ietf:params:oauth:token-type:jwt}. */
  public static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

  /** GA4GH Passport 1.2: {@code urn:ga4gh:params:oauth:token-type:passport}. */
  public static final String PASSPORT_TYPE = "urn:ga4gh:params:oauth:token-type:passport";

  /** Checks the fields and copies the lists. */
  public TokenExchange {
    audiences = List.copyOf(audiences);
    scopes = List.copyOf(scopes);
  }

  /**
   * A builder for exchanging an access token.
   *
   * @param subjectToken the token to exchange
   * @return the builder
   */
  public static Builder builder(String subjectToken) {
    return new Builder(subjectToken);
  }

  @Override
  public String toString() {
    return "TokenExchange[subjectToken=<redacted>, subjectTokenType=" + subjectTokenType
        + ", audiences=" + audiences + ", scopes=" + scopes + ", requestedTokenType="
        + requestedTokenType + (actorToken == null ? "" : ", actorToken=<redacted>") + "]";
  }

  /** Builds a {@link TokenExchange}. */
  public static final class Builder {
    private final String subjectToken;
    private String subjectTokenType = ACCESS_TOKEN_TYPE;
    private final List<String> audiences = new ArrayList<>();
    private final List<String> scopes = new ArrayList<>();
    private String requestedTokenType;
    private String actorToken;
    private String actorTokenType;

    private Builder(String subjectToken) {
      this.subjectToken = subjectToken;
    }

    /**
     * The subject token's type (default access token).
     *
     * @param type a token type URN
     * @return this builder
     */
    public Builder subjectTokenType(String type) {
      this.subjectTokenType = type;
      return this;
    }

    /**
     * An audience (a client id) the new token is for; may be called more than once.
     *
     * @param audience the audience
     * @return this builder
     */
    public Builder audience(String audience) {
      this.audiences.add(audience);
      return this;
    }

    /**
     * A scope to ask for; may be called more than once.
     *
     * @param scope the scope
     * @return this builder
     */
    public Builder scope(String scope) {
      this.scopes.add(scope);
      return this;
    }

    /**
     * The type of token wanted, e.g. {@link #PASSPORT_TYPE} or {@link #REFRESH_TOKEN_TYPE}.
     *
     * @param type a token type URN
     * @return this builder
     */
    public Builder requestedTokenType(String type) {
      this.requestedTokenType = type;
      return this;
    }

    /**
     * The acting party's token (delegation).
     *
     * @param token the actor token
     * @param type its type URN
     * @return this builder
     */
    public Builder actor(String token, String type) {
      this.actorToken = token;
      this.actorTokenType = type;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the bad field
     */
    public TokenExchange build() {
      if (subjectToken == null || subjectToken.isBlank()) {
        throw new InvalidRequestException("subjectToken", "must not be blank");
      }
      urn(subjectTokenType, "subjectTokenType", true);
      urn(requestedTokenType, "requestedTokenType", false);
      for (String a : audiences) {
        if (a == null || a.isBlank() || a.chars().anyMatch(Character::isWhitespace)) {
          throw new InvalidRequestException("audience", "must be a non-blank value without spaces");
        }
      }
      for (String s : scopes) {
        if (s == null || s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
          throw new InvalidRequestException("scope", "must be a non-blank value without spaces");
        }
      }
      if ((actorToken == null) != (actorTokenType == null)) {
        throw new InvalidRequestException("actorTokenType", "actor token and type go together");
      }
      if (actorToken != null) {
        if (actorToken.isBlank()) {
          throw new InvalidRequestException("actorToken", "must not be blank");
        }
        urn(actorTokenType, "actorTokenType", true);
      }
      return new TokenExchange(
          subjectToken, subjectTokenType, audiences, scopes, requestedTokenType, actorToken,
          actorTokenType);
    }

    private static void urn(String v, String field, boolean required) {
      if (v == null) {
        if (required) {
          throw new InvalidRequestException(field, "is required");
        }
        return;
      }
      try {
        URI u = new URI(v);
        if (u.getScheme() == null) {
          throw new InvalidRequestException(field, "must be a token type URI, was '" + v + "'");
        }
      } catch (java.net.URISyntaxException e) {
        throw new InvalidRequestException(field, "must be a token type URI, was '" + v + "'");
      }
      Objects.requireNonNull(v);
    }
  }
}

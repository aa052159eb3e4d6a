package de.denbi.spe.auth;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an OpenID provider's discovery document ({@code .well-known/openid-configuration}) says,
 * as far as this SDK uses it.
 *
 * @param issuer the issuer, exactly as in tokens
 * @param authorizationEndpoint the authorization endpoint, or {@code null}
 * @param tokenEndpoint the token endpoint
 * @param deviceAuthorizationEndpoint the device authorization endpoint (RFC 8628), or {@code
 *     null}
 * @param userInfoEndpoint the userinfo endpoint, or {@code null}
 * @param introspectionEndpoint the introspection endpoint (RFC 7662), or {@code null}
 * @param revocationEndpoint the revocation endpoint (RFC 7009), or {@code null}
 * @param endSessionEndpoint the RP-initiated logout endpoint, or {@code null}
 * @param jwksUri where the signing keys are, or {@code null}
 * @param grantTypesSupported the grant types the document lists (empty when it lists none)
 * @param scopesSupported the scopes it lists (empty when it lists none)
 * @param codeChallengeMethodsSupported the PKCE methods it lists
 * @param tokenEndpointAuthMethods the client authentication methods it lists
 * @since 0.1.0
 */
public record ProviderInfo(
    URI issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI deviceAuthorizationEndpoint,
    URI userInfoEndpoint,
    URI introspectionEndpoint,
    URI revocationEndpoint,
    URI endSessionEndpoint,
    URI jwksUri,
    List<String> grantTypesSupported,
    List<String> scopesSupported,
    List<String> codeChallengeMethodsSupported,
    List<String> tokenEndpointAuthMethods) {

  /** The device grant's type URN. */
  public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  /** The token exchange grant's type URN. */
  public static final String TOKEN_EXCHANGE_GRANT =
      "urn:ietf:params:oauth:grant-type:token-exchange";

  /** Checks the required endpoints and copies the lists. */
  public ProviderInfo {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    grantTypesSupported = grantTypesSupported == null ? List.of() : List.copyOf(grantTypesSupported);
    scopesSupported = scopesSupported == null ? List.of() : List.copyOf(scopesSupported);
    codeChallengeMethodsSupported =
        codeChallengeMethodsSupported == null ? List.of() : List.copyOf(codeChallengeMethodsSupported);
    tokenEndpointAuthMethods =
        tokenEndpointAuthMethods == null ? List.of() : List.copyOf(tokenEndpointAuthMethods);
  }

  /**
   * Whether the provider offers the device flow: it has a device authorization endpoint (the
   * deciding fact; many providers omit {@code grant_types_supported}).
   *
   * @return true if the device flow can be tried
   */
  public boolean supportsDeviceFlow() {
    return deviceAuthorizationEndpoint != null;
  }

  /**
   * Whether the provider says it supports token exchange (or says nothing about grant types).
   *
   * @return true if token exchange can be tried
   */
  public boolean supportsTokenExchange() {
    return grantTypesSupported.isEmpty() || grantTypesSupported.contains(TOKEN_EXCHANGE_GRANT);
  }

  /**
   * The device authorization endpoint.
   *
   * @return it, if the provider has one
   */
  public Optional<URI> deviceEndpoint() {
    return Optional.ofNullable(deviceAuthorizationEndpoint);
  }
}

package de.denbi.spe.testkit;

import static de.denbi.spe.testkit.internal.Redaction.secret;

import java.net.URI;
import java.util.Objects;

/**
 * An OpenID Connect provider and its test clients and user: the local Keycloak, or an in-JVM
 * {@link MockOAuth2Fixture}. {@code toString()} redacts the client secret and the password.
 *
 * @param issuer the issuer URL, exactly as in tokens ({@code SPE_OIDC_ISSUER})
 * @param clientId the public client with device and authorization-code grants ({@code
 *     SPE_OIDC_CLIENT_ID}, {@code spe-cli})
 * @param audience the {@code aud} of that client's tokens ({@code SPE_OIDC_AUDIENCE}), may be null
 * @param serviceClientId the confidential client ({@code SPE_OIDC_SERVICE_CLIENT_ID}, {@code
 *     spe-service})
 * @param serviceClientSecret its secret ({@code SPE_OIDC_SERVICE_CLIENT_SECRET}), secret
 * @param user a test user ({@code SPE_OIDC_USER}), may be null
 * @param password that user's password ({@code SPE_OIDC_PASSWORD}), secret, may be null
 * @since 0.1.0
 */
public record OidcCoordinates(
    URI issuer,
    String clientId,
    String audience,
    String serviceClientId,
    String serviceClientSecret,
    String user,
    String password) {

  /** Checks the required components. */
  public OidcCoordinates {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(serviceClientId, "serviceClientId");
    Objects.requireNonNull(serviceClientSecret, "serviceClientSecret");
  }

  /**
   * Reads the coordinates from Keycloak's env file.
   *
   * @param env the env of {@link LocalService#KEYCLOAK}
   * @return the coordinates
   * @throws ServiceEnvException if a required variable is missing
   */
  public static OidcCoordinates from(ServiceEnv env) {
    return new OidcCoordinates(
        env.requireUri("SPE_OIDC_ISSUER"),
        env.require("SPE_OIDC_CLIENT_ID"),
        env.get("SPE_OIDC_AUDIENCE").orElse(null),
        env.require("SPE_OIDC_SERVICE_CLIENT_ID"),
        env.require("SPE_OIDC_SERVICE_CLIENT_SECRET"),
        env.get("SPE_OIDC_USER").orElse(null),
        env.get("SPE_OIDC_PASSWORD").orElse(null));
  }

  /**
   * The discovery document's URL.
   *
   * @return {@code <issuer>/.well-known/openid-configuration}
   */
  public URI discoveryUrl() {
    String base = issuer.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
  }

  @Override
  public String toString() {
    return "OidcCoordinates[issuer=" + issuer + ", clientId=" + clientId + ", audience=" + audience
        + ", serviceClientId=" + serviceClientId
        + ", serviceClientSecret=" + secret(serviceClientSecret) + ", user=" + user
        + ", password=" + secret(password) + "]";
  }
}

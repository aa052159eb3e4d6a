package de.denbi.spe.core.profile;

import java.net.URI;
import java.util.List;

/**
 * The site's OpenID provider: LS Login, or a Keycloak broker in front of it.
 *
 * @param issuer the issuer URL (e.g. {@code https://login.aai.lifescience-ri.eu/oidc/})
 * @param clientId the public client id researchers' tools use
 * @param scopes the scopes to request; empty for the client's defaults
 * @since 0.1.0
 */
public record OidcSettings(URI issuer, String clientId, List<String> scopes) {
  /** Copies the scopes. */
  public OidcSettings {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}

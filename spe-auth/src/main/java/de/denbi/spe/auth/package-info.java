/**
 * Life Science Login (and any OpenID provider, e.g. a Keycloak broker in front of it) for SPE
 * clients: the login flows ({@link de.denbi.spe.auth.OidcClient}), token sources that implement
 * spe-core's {@link de.denbi.spe.core.auth.AccessTokenSource} (refreshing, persistent,
 * oidc-agent, static, environment), local JWT validation ({@link de.denbi.spe.auth.JwtValidator}),
 * the user's identity with AARC-G069 entitlements ({@link de.denbi.spe.auth.SpeIdentity}) and
 * GA4GH Passports with validated visas ({@link de.denbi.spe.auth.PassportValidator}).
 *
 * <p>No token, refresh token, client secret, authorization code or device code appears in a
 * log line, an exception message or a {@code toString()}.
 */
package de.denbi.spe.auth;

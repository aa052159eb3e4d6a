package de.denbi.spe.auth;

import de.denbi.spe.core.InvalidConfigException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A visa issuer whose visas are accepted, and the only {@code jku} URLs its keys may be fetched
 * from. A visa naming any other {@code jku} is rejected before anything is fetched.
 *
 * @param issuer the visa issuer, exactly as in the visas' {@code iss}
 * @param jkuAllowList the JWKS URLs its visas may name in {@code jku}
 * @since 0.1.0
 */
public record TrustedVisaIssuer(String issuer, Set<URI> jkuAllowList) {

  /** Checks the issuer and the allow-list. */
  public TrustedVisaIssuer {
    if (issuer == null || issuer.isBlank()) {
      throw new InvalidConfigException("visaIssuer", "must not be blank");
    }
    Objects.requireNonNull(jkuAllowList, "jkuAllowList");
    if (jkuAllowList.isEmpty()) {
      throw new InvalidConfigException(
          "jkuAllowList", "the visa issuer " + issuer + " needs at least one allowed jku");
    }
    for (URI u : jkuAllowList) {
      if (u == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
          || u.getHost() == null) {
        throw new InvalidConfigException("jkuAllowList", "'" + u + "' is not an http(s) URL");
      }
    }
    jkuAllowList = Set.copyOf(jkuAllowList);
  }

  /**
   * A trusted issuer with one allowed {@code jku}.
   *
   * @param issuer the issuer
   * @param jku the JWKS URL
   * @return the trusted issuer
   */
  public static TrustedVisaIssuer of(String issuer, URI jku) {
    return new TrustedVisaIssuer(issuer, Set.of(Objects.requireNonNull(jku, "jku")));
  }
}

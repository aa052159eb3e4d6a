package de.denbi.spe.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A GA4GH visa (Passport 1.2) whose signature, issuer, {@code jku} and lifetime were checked.
 *
 * @param issuer the visa issuer ({@code iss})
 * @param subject the {@code sub}
 * @param type the visa type, e.g. {@code ControlledAccessGrants}, {@code AffiliationAndRole}
 * @param asserted when the source asserted it
 * @param value the value, e.g. a dataset URL for {@code ControlledAccessGrants}
 * @param source who asserted it (e.g. a data access committee)
 * @param by how it was asserted ({@code dac}, {@code so}, {@code system}, ...), or {@code null}
 * @param expiresAt the visa's {@code exp}
 * @since 0.1.0
 */
public record Visa(
    String issuer, String subject, String type, Instant asserted, String value, String source,
    String by, Instant expiresAt) {

  /** The type of dataset permissions. */
  public static final String CONTROLLED_ACCESS_GRANTS = "ControlledAccessGrants";

  /** Checks the required fields. */
  public Visa {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(asserted, "asserted");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}

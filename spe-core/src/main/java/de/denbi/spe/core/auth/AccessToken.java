package de.denbi.spe.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A bearer access token and when it expires. {@link #toString()} never shows the value.
 *
 * @param value the token as sent in {@code Authorization: Bearer}
 * @param expiresAt when it expires, or {@code null} when unknown
 * @since 0.1.0
 */
public record AccessToken(String value, Instant expiresAt) {

  /** Checks that the value is present and has no characters that break an HTTP header. */
  public AccessToken {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("an access token must not be blank");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "an access token must be printable ASCII without spaces (character "
                + i
                + " is not)");
      }
    }
  }

  /**
   * A token with unknown expiry.
   *
   * @param value the token
   * @return the token
   */
  public static AccessToken of(String value) {
    return new AccessToken(value, null);
  }

  /**
   * When the token expires.
   *
   * @return the expiry, if known
   */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Whether the token expires within {@code margin} from now (a token of unknown expiry never
   * does).
   *
   * @param clock the clock to read now from
   * @param margin how long before the expiry a token counts as expired
   * @return true if it should be refreshed
   */
  public boolean expiresWithin(Clock clock, Duration margin) {
    return expiresAt != null && !clock.instant().plus(margin).isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken[value=<redacted " + value.length() + " chars>, expiresAt=" + expiresAt + "]";
  }
}

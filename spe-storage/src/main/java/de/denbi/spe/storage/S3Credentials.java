package de.denbi.spe.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * S3 credentials: an access key, its secret and, for temporary STS credentials, a session token
 * and an expiry. {@link #toString()} shows only the access key id.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret access key (secret)
 * @param sessionToken the STS session token, or {@code null} for long-lived keys (secret)
 * @param expiration when temporary credentials expire, or {@code null} if they do not
 * @since 0.1.0
 */
public record S3Credentials(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

  /** Checks that the key and the secret are present. */
  public S3Credentials {
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new IllegalArgumentException("accessKeyId must not be blank");
    }
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    if (secretAccessKey.isEmpty()) {
      throw new IllegalArgumentException("secretAccessKey must not be empty");
    }
    if (sessionToken != null && sessionToken.isBlank()) {
      sessionToken = null;
    }
  }

  /**
   * Long-lived static keys.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret
   * @return the credentials
   */
  public static S3Credentials of(String accessKeyId, String secretAccessKey) {
    return new S3Credentials(accessKeyId, secretAccessKey, null, null);
  }

  /**
   * The expiry of temporary credentials.
   *
   * @return the expiry, empty for long-lived keys
   */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiration);
  }

  /**
   * Whether the credentials expire within {@code margin} from now (long-lived keys never do).
   *
   * @param clock the clock
   * @param margin how long before the expiry they count as expired
   * @return true if they should be refreshed
   */
  public boolean expiresWithin(Clock clock, Duration margin) {
    return expiration != null && !clock.instant().plus(margin).isBefore(expiration);
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>"
        + (sessionToken == null ? "" : ", sessionToken=<redacted>")
        + ", expiration=" + expiration + "]";
  }
}

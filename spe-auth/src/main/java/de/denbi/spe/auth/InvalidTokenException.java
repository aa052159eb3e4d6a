package de.denbi.spe.auth;

import de.denbi.spe.core.SpeClientException;
import java.io.Serial;
import java.util.Objects;

/**
 * A JWT (access token, ID token, passport or visa) was rejected by local validation. {@link
 * #reason()} says exactly why; the message never contains the token.
 *
 * @since 0.1.0
 */
public class InvalidTokenException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  /** Why a token was rejected. */
  public enum Reason {
    /** Not a compact JWS: wrong number of parts, bad base64url, bad JSON. */
    MALFORMED,
    /** {@code alg: none}, an HMAC algorithm, or an algorithm not on the allow-list. */
    ALGORITHM_NOT_ALLOWED,
    /** No key with the token's {@code kid} (and a fitting type) in the issuer's JWKS. */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** {@code iss} is not the expected issuer. */
    WRONG_ISSUER,
    /** {@code aud} does not name an accepted audience. */
    WRONG_AUDIENCE,
    /** {@code exp} has passed (beyond the clock skew). */
    EXPIRED,
    /** {@code nbf} (or a visa's {@code asserted}, an {@code iat}) lies in the future. */
    NOT_YET_VALID,
    /** A required claim ({@code exp}, {@code sub}, a visa's {@code ga4gh_visa_v1}) is missing. */
    MISSING_CLAIM,
    /** The ID token's {@code nonce} is not the one this login sent. */
    NONCE_MISMATCH,
    /** A visa's issuer is not trusted, or its {@code jku} is not on that issuer's allow-list. */
    UNTRUSTED_ISSUER,
    /** A visa carries {@code conditions}, which this SDK does not evaluate. */
    UNSUPPORTED_CONDITIONS,
    /** The issuer's keys could not be fetched. */
    KEYS_UNAVAILABLE
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the token was rejected
   * @param message details (never the token)
   */
  public InvalidTokenException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param reason why the token was rejected
   * @param message details (never the token)
   * @param cause the underlying failure
   */
  public InvalidTokenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the token was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

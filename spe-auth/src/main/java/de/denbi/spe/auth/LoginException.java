package de.denbi.spe.auth;

import de.denbi.spe.core.SpeClientException;
import java.io.Serial;
import java.util.Objects;

/**
 * An interactive login (device flow, or authorization code in a browser) did not end with
 * tokens. {@link #reason()} says how it ended.
 *
 * @since 0.1.0
 */
public class LoginException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  /** How a login ended without tokens. */
  public enum Reason {
    /** The user declined ({@code access_denied}). */
    DENIED,
    /** The device code expired before the user finished ({@code expired_token}). */
    EXPIRED,
    /** The caller cancelled the login. */
    CANCELLED,
    /** The browser did not come back to the loopback redirect in time. */
    TIMED_OUT,
    /** The redirect carried another {@code state} than this login sent (a forged redirect). */
    STATE_MISMATCH,
    /** The provider cannot do this flow (e.g. no device authorization endpoint). */
    NOT_SUPPORTED,
    /** The provider answered the login with another error. */
    PROVIDER_ERROR
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason how the login ended
   * @param message what happened and what to do
   */
  public LoginException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * How the login ended.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}

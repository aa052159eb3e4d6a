package de.denbi.spe.auth;

import de.denbi.spe.core.SpeClientException;
import java.io.Serial;

/**
 * No valid token can be had without the user logging in again: the refresh token was rejected
 * (expired, revoked, rotated away), no refresh token is stored, or the oidc-agent has no account
 * loaded. The message says how to log in.
 *
 * @since 0.1.0
 */
public class LoginRequiredException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why, and how to log in again
   */
  public LoginRequiredException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message why, and how to log in again
   * @param cause the failed refresh
   */
  public LoginRequiredException(String message, Throwable cause) {
    super(message, cause);
  }
}

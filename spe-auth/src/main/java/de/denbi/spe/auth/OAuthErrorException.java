package de.denbi.spe.auth;

import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeServiceException;
import java.io.Serial;
import java.util.Optional;

/**
 * The OpenID provider answered an OAuth 2.0 request with an error object ({@code
 * invalid_grant}, {@code invalid_client}, {@code unauthorized_client}, ...). {@link #error()} is
 * the RFC 6749 error code; the description is redacted.
 *
 * @since 0.1.0
 */
public class OAuthErrorException extends SpeServiceException {
  @Serial private static final long serialVersionUID = 1L;

  private final String error;
  private final String description;

  /**
   * Creates the exception.
   *
   * @param details the request and the reply (redacted)
   * @param error the OAuth error code, e.g. {@code invalid_grant}
   * @param description the redacted {@code error_description}, or {@code null}
   * @param advice what the caller should do
   */
  public OAuthErrorException(
      ServiceErrorDetails details, String error, String description, String advice) {
    super(details, advice);
    this.error = error;
    this.description = description;
  }

  /**
   * The OAuth error code.
   *
   * @return e.g. {@code invalid_grant}
   */
  public String error() {
    return error;
  }

  /**
   * The provider's description of the error (redacted).
   *
   * @return the description, if one was given
   */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  @Override
  public boolean retryable() {
    return "temporarily_unavailable".equals(error) || "slow_down".equals(error) || super.retryable();
  }
}

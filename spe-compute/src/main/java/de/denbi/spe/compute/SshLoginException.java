package de.denbi.spe.compute;

import de.denbi.spe.core.SpeClientException;
import java.io.Serial;

/**
 * The SSH server did not accept the login: the key (or certificate, or agent) was rejected for
 * the user, or the user may not log in at all. Retrying does not help; check the user name, the
 * key and the server's {@code authorized_keys}.
 *
 * @since 0.1.0
 */
public class SshLoginException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message who could not log in where, and what to check
   * @param cause the SSH library's exception
   */
  public SshLoginException(String message, Throwable cause) {
    super(message, cause);
  }
}

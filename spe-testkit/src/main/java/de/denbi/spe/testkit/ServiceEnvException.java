package de.denbi.spe.testkit;

import java.io.Serial;

/**
 * An env file of a local service cannot be read, or lacks or mangles a variable a test needs.
 * Messages name the file and the variable, never a value of a secret.
 *
 * @since 0.1.0
 */
public class ServiceEnvException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and what to do
   */
  public ServiceEnvException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and what to do
   * @param cause the underlying failure
   */
  public ServiceEnvException(String message, Throwable cause) {
    super(message, cause);
  }
}

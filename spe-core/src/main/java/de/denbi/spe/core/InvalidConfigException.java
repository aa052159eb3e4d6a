package de.denbi.spe.core;

import java.io.Serial;

/**
 * A configuration value is missing or invalid. {@link #key()} names the setting, in the form it
 * has in the source it came from (a YAML path such as {@code s3.endpoint}, an environment
 * variable such as {@code SPE_S3_ENDPOINT}, or a builder method).
 *
 * @since 0.1.0
 */
public class InvalidConfigException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the name of the bad setting
   * @param message what is wrong with it and what is expected
   */
  public InvalidConfigException(String key, String message) {
    super("Invalid configuration '" + key + "': " + message);
    this.key = key;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param key the name of the bad setting
   * @param message what is wrong with it and what is expected
   * @param cause the underlying exception
   */
  public InvalidConfigException(String key, String message, Throwable cause) {
    super("Invalid configuration '" + key + "': " + message, cause);
    this.key = key;
  }

  /**
   * The setting that is wrong.
   *
   * @return its name, e.g. {@code oidc.issuer}
   */
  public String key() {
    return key;
  }
}

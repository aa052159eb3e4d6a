package de.denbi.spe.testkit.internal;

import java.util.regex.Pattern;

/** What counts as a secret in env files and coordinates, and how it is shown. */
public final class Redaction {

  /** Shown instead of a secret value that is set. */
  public static final String REDACTED = "***";

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(secret|password|passwd|jwt|token|credential_secret|private).*");

  private Redaction() {}

  /**
   * Whether a variable or field name names a secret (password, secret key, client secret, token,
   * JWT).
   *
   * @param name a variable or field name
   * @return true for secrets
   */
  public static boolean isSecretName(String name) {
    return name != null && SECRET_NAME.matcher(name).matches()
        && !name.toUpperCase(java.util.Locale.ROOT).endsWith("_EXPIRES")
        && !name.toUpperCase(java.util.Locale.ROOT).endsWith("_KEY_FILE");
  }

  /**
   * A secret for {@code toString()}: {@code null} stays {@code null}, anything else is {@value
   * #REDACTED}.
   *
   * @param value the secret
   * @return what may be shown
   */
  public static String secret(String value) {
    return value == null ? "null" : REDACTED;
  }
}

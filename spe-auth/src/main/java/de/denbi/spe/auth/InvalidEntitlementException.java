package de.denbi.spe.auth;

import de.denbi.spe.core.SpeClientException;
import java.io.Serial;

/**
 * An {@code eduperson_entitlement} value is not an AARC-G069 group entitlement, or its
 * URL-encoding is broken.
 *
 * @since 0.1.0
 */
public class InvalidEntitlementException extends SpeClientException {
  @Serial private static final long serialVersionUID = 1L;

  private final String value;

  /**
   * Creates the exception.
   *
   * @param value the value that was given (entitlements are not secret)
   * @param problem what is wrong with it
   */
  public InvalidEntitlementException(String value, String problem) {
    super("Not an AARC-G069 group entitlement ("
        + "<namespace>:group:<group>[:<subgroup>...][:role=<role>]#<authority>): '"
        + printable(value) + "': " + problem + ".");
    this.value = value;
  }

  /**
   * The rejected value.
   *
   * @return the value
   */
  public String value() {
    return value;
  }

  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(300).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }
}

package de.denbi.spe.compute.internal;

import de.denbi.spe.core.InvalidRequestException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Quoting for POSIX shells (sh, bash, dash, zsh). Every value that reaches a remote shell goes
 * through {@link #quote}: single quotes make every character literal ({@code $(...)}, backticks,
 * {@code ;}, {@code |}, newlines, {@code *}), and a single quote inside is written as {@code '\''}.
 * NUL cannot be passed to a program at all and is rejected.
 */
public final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Shell() {}

  /**
   * The value as one shell word.
   *
   * @param value the value
   * @param field the field name for the exception
   * @return the quoted word
   * @throws InvalidRequestException if the value contains NUL
   */
  public static String quote(String value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new InvalidRequestException(field, "must not contain a NUL character");
    }
    if (!value.isEmpty() && SAFE.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * The values as shell words separated by spaces.
   *
   * @param values the words
   * @param field the field name for the exception
   * @return the command line
   */
  public static String join(List<String> values, String field) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(quote(values.get(i), field + "[" + i + "]"));
    }
    return sb.toString();
  }

  /**
   * Checks an environment variable name.
   *
   * @param name the name
   * @param field the field for the exception
   * @return the name
   */
  public static String envName(String name, String field) {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          field, "environment variable names are letters, digits and _ (not starting with a digit), was '"
              + printable(name) + "'");
    }
    return name;
  }

  /**
   * A value for a message: control characters shown as escapes, cut at 80 characters.
   *
   * @param s the value
   * @return the printable form
   */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return s.length() > 80 ? sb + "..." : sb.toString();
  }

  /**
   * Rejects control characters (newline, NUL, escape...) in a one-line value such as a job
   * name or a path.
   *
   * @param value the value
   * @param field the field for the exception
   * @return the value
   */
  public static String oneLine(String value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidRequestException(
            field, "must not contain control characters (newline, NUL, ...), was '" + printable(value) + "'");
      }
    }
    return value;
  }
}

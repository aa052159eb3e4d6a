package de.denbi.spe.storage.internal;

import de.denbi.spe.core.InvalidRequestException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Include/exclude patterns on relative paths with {@code /} separators: {@code *} matches within
 * one path segment, {@code **} across segments, {@code ?} one character, {@code [abc]} a class.
 * A pattern without {@code /} matches the file name in any directory (like rclone and rsync).
 */
public final class Glob {
  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /**
   * Compiles a pattern.
   *
   * @param field the option name for errors
   * @param pattern the glob
   * @return the compiled glob
   */
  public static Glob compile(String field, String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new InvalidRequestException(field, "a pattern must not be empty");
    }
    StringBuilder re = new StringBuilder();
    String p = pattern;
    if (p.startsWith("/")) {
      p = p.substring(1);
    } else if (!p.contains("/")) {
      re.append("(?:.*/)?");
    }
    int i = 0;
    boolean inClass = false;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (inClass) {
        if (c == ']') {
          inClass = false;
          re.append(']');
        } else if (c == '\\') {
          re.append("\\\\");
        } else {
          re.append(c);
        }
        i++;
        continue;
      }
      switch (c) {
        case '*' -> {
          if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
            if (i + 2 < p.length() && p.charAt(i + 2) == '/') {
              re.append("(?:.*/)?");
              i += 3;
            } else {
              re.append(".*");
              i += 2;
            }
            continue;
          }
          re.append("[^/]*");
        }
        case '?' -> re.append("[^/]");
        case '[' -> {
          inClass = true;
          re.append('[');
          if (i + 1 < p.length() && p.charAt(i + 1) == '!') {
            re.append('^');
            i++;
          }
        }
        default -> {
          if ("\\.^$+{}()|".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
        }
      }
      i++;
    }
    if (inClass) {
      throw new InvalidRequestException(field, "unclosed '[' in pattern " + pattern);
    }
    if (p.endsWith("/")) {
      re.append(".*"); // a directory pattern matches everything below it
    }
    return new Glob(pattern, Pattern.compile(re.toString()));
  }

  /**
   * Whether a relative path matches.
   *
   * @param relativePath the path, {@code /}-separated
   * @return true if it matches
   */
  public boolean matches(String relativePath) {
    return regex.matcher(relativePath).matches();
  }

  /**
   * Whether a path passes include and exclude lists: included (by any include, or by default
   * when there are none) and not excluded.
   *
   * @param path the relative path
   * @param includes include patterns
   * @param excludes exclude patterns
   * @return true to transfer it
   */
  public static boolean accept(String path, List<Glob> includes, List<Glob> excludes) {
    boolean in = includes.isEmpty() || includes.stream().anyMatch(g -> g.matches(path));
    return in && excludes.stream().noneMatch(g -> g.matches(path));
  }

  @Override
  public String toString() {
    return pattern;
  }
}

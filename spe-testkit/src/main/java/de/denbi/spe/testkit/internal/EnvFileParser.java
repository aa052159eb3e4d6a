package de.denbi.spe.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code env.sh} files that {@code scripts/services up <svc>} writes, without running a
 * shell. It understands what those files contain and a little more, so that a file edited by hand
 * still parses:
 *
 * <ul>
 *   <li>blank lines and {@code #} comments (also after a value, when preceded by a blank);
 *   <li>{@code export NAME=value}, {@code NAME=value};
 *   <li>single quotes (literal, may span lines), the {@code '\''} idiom, double quotes with
 *       {@code \" \\ \$ \`} and line-continuation escapes, backslash escapes outside quotes, and
 *       adjacent quoted and unquoted parts ({@code 'a'"b"c}).
 * </ul>
 *
 * <p>Parameter expansion, command substitution and anything else that needs a shell is not
 * performed: {@code $X} stays the literal text {@code $X}. Malformed input (an unterminated
 * quote, a line that is not an assignment) fails with the file and line number, never with the
 * value.
 */
public final class EnvFileParser {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvFileParser() {}

  /**
   * Parses a file.
   *
   * @param file the env file
   * @return the variables in file order; a later assignment of a name replaces an earlier one
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the content is malformed
   */
  public static Map<String, String> parse(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses text.
   *
   * @param text the content of an env file
   * @param source what to call the text in error messages (usually its path)
   * @return the variables in order of appearance
   * @throws IllegalArgumentException if the content is malformed
   */
  public static Map<String, String> parse(String text, String source) {
    return new Lexer(text, source).parse();
  }

  private static final class Lexer {
    private final String s;
    private final String source;
    private int pos;
    private int line = 1;

    Lexer(String text, String source) {
      // tolerate a UTF-8 byte order mark and Windows line ends
      String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
      this.s = t.replace("\r\n", "\n");
      this.source = source;
    }

    Map<String, String> parse() {
      Map<String, String> out = new LinkedHashMap<>();
      while (pos < s.length()) {
        skipBlanks();
        if (pos >= s.length()) {
          break;
        }
        char c = s.charAt(pos);
        if (c == '\n') {
          newline();
          continue;
        }
        if (c == '#') {
          skipToEol();
          continue;
        }
        int statementLine = line;
        String word = readName();
        if (word.equals("export") && pos < s.length() && isBlank(s.charAt(pos))) {
          skipBlanks();
          word = readName();
        }
        if (word.isEmpty() || !NAME.matcher(word).matches()) {
          throw error(statementLine, "expected NAME=value");
        }
        if (pos >= s.length() || s.charAt(pos) != '=') {
          throw error(statementLine, "expected '=' after " + word);
        }
        pos++;
        String value = readValue(statementLine, word);
        out.put(word, value);
        // the rest of the line may only be blanks, a comment or ';'
        skipBlanks();
        if (pos < s.length() && s.charAt(pos) == ';') {
          pos++;
          skipBlanks();
        }
        if (pos < s.length()) {
          char d = s.charAt(pos);
          if (d == '#') {
            skipToEol();
          } else if (d != '\n') {
            throw error(line, "unexpected text after the value of " + word
                + " (values with blanks must be quoted)");
          }
        }
      }
      return out;
    }

    private String readName() {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '=' || isBlank(c) || c == '\n' || c == ';' || c == '#') {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    private String readValue(int statementLine, String name) {
      StringBuilder v = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (isBlank(c) || c == '\n' || c == ';') {
          break;
        }
        if (c == '\'') {
          int end = s.indexOf('\'', pos + 1);
          if (end < 0) {
            throw error(statementLine, "unterminated single quote in the value of " + name);
          }
          String part = s.substring(pos + 1, end);
          countNewlines(part);
          v.append(part);
          pos = end + 1;
        } else if (c == '"') {
          pos++;
          boolean closed = false;
          while (pos < s.length()) {
            char d = s.charAt(pos);
            if (d == '"') {
              pos++;
              closed = true;
              break;
            }
            if (d == '\\' && pos + 1 < s.length()) {
              char e = s.charAt(pos + 1);
              if (e == '"' || e == '\\' || e == '$' || e == '`') {
                v.append(e);
                pos += 2;
                continue;
              }
              if (e == '\n') { // line continuation
                pos += 2;
                line++;
                continue;
              }
            }
            if (d == '\n') {
              line++;
            }
            v.append(d);
            pos++;
          }
          if (!closed) {
            throw error(statementLine, "unterminated double quote in the value of " + name);
          }
        } else if (c == '\\') {
          if (pos + 1 >= s.length()) {
            pos++;
            break;
          }
          char e = s.charAt(pos + 1);
          if (e == '\n') {
            line++;
          } else {
            v.append(e);
          }
          pos += 2;
        } else {
          v.append(c);
          pos++;
        }
      }
      return v.toString();
    }

    private void countNewlines(String part) {
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) == '\n') {
          line++;
        }
      }
    }

    private void skipBlanks() {
      while (pos < s.length() && isBlank(s.charAt(pos))) {
        pos++;
      }
    }

    private void skipToEol() {
      while (pos < s.length() && s.charAt(pos) != '\n') {
        pos++;
      }
    }

    private void newline() {
      pos++;
      line++;
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t';
    }

    private IllegalArgumentException error(int atLine, String what) {
      return new IllegalArgumentException(source + ":" + atLine + ": " + what);
    }
  }
}

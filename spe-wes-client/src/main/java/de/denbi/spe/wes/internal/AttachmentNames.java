package de.denbi.spe.wes.internal;

import de.denbi.spe.core.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Checks attachment names and lists directory trees as relative names. */
public final class AttachmentNames {
  private AttachmentNames() {}

  /**
   * Checks that a name is a safe relative path: not blank, not absolute (no leading {@code /}, no
   * drive letter), no {@code ..} or {@code .} segment, no empty segment, no backslash, no control
   * characters.
   *
   * @param name the name
   * @return the name
   * @throws InvalidRequestException naming the attachment when it is not safe
   */
  public static String check(String name) {
    String field = "workflow_attachment" + (name == null ? "" : "[" + printable(name) + "]");
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException(field, "an attachment needs a non-blank relative name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidRequestException(field, "the name contains a control character");
      }
    }
    if (name.indexOf('\\') >= 0) {
      throw new InvalidRequestException(
          field, "use '/' between directories; a backslash is not allowed in an attachment name");
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw new InvalidRequestException(
          field, "absolute names are not allowed: give the name relative to the workflow's directory");
    }
    for (String seg : name.split("/", -1)) {
      if (seg.equals("..")) {
        throw new InvalidRequestException(
            field, "'..' is not allowed: an attachment must stay inside the run's directory");
      }
      if (seg.isEmpty() || seg.equals(".")) {
        throw new InvalidRequestException(field, "empty or '.' path segments are not allowed");
      }
    }
    return name;
  }

  /**
   * The regular files below a directory, as (relative name, file) pairs sorted by name. Symbolic
   * links are followed only when their target stays inside the directory; a link that points out
   * of it is an error (it would send a file the caller did not choose).
   *
   * @param dir the directory
   * @param prefix a prefix for every name ({@code ""} for none), e.g. {@code workflow/}
   * @return the pairs
   */
  public static List<Entry> walk(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidRequestException("workflow_attachment", "'" + dir + "' is not a directory");
    }
    List<Entry> out = new ArrayList<>();
    Path root;
    try {
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new InvalidRequestException("workflow_attachment", "cannot read '" + dir + "': " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(p -> Files.isRegularFile(p))
          .sorted()
          .forEach(
              p -> {
                String rel = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                String name = prefix + rel;
                if (Files.isSymbolicLink(p)) {
                  try {
                    if (!p.toRealPath().startsWith(root)) {
                      throw new InvalidRequestException(
                          "workflow_attachment[" + name + "]",
                          "is a symbolic link to a file outside '" + dir + "'; copy the file in or attach it explicitly");
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
                out.add(new Entry(check(name), p));
              });
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidRequestException(
          "workflow_attachment", "cannot list '" + dir + "': " + e.getMessage());
    }
    return out;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  /**
   * A file and the name it is attached under.
   *
   * @param name the relative name
   * @param file the file
   */
  public record Entry(String name, Path file) {}
}

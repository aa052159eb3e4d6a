package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidRequestException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Object keys and local paths: where a key may be written on download, and what key a local
 * file gets on upload. Keys that would escape the target directory are refused.
 *
 * @since 0.1.0
 */
public final class ObjectKeys {
  private ObjectKeys() {}

  /**
   * Checks an object key for an upload or a request: 1 to 1024 UTF-8 bytes, no NUL, no control
   * characters.
   *
   * @param key the key
   * @return the key
   * @throws InvalidRequestException naming the field {@code key}
   */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidRequestException("key", "an object key must not be empty");
    }
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
      throw new InvalidRequestException("key", "an object key is at most 1024 bytes of UTF-8");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidRequestException("key", "an object key must not contain control"
            + " characters or NUL (character " + i + ")");
      }
    }
    return key;
  }

  /**
   * Where a key, relative to a listing prefix, is written under a target directory. Refuses
   * keys that are absolute ({@code /x}, {@code \x}), carry a drive letter ({@code C:}), contain
   * NUL or control characters, or have a {@code ..} segment; nothing is written outside the
   * target.
   *
   * @param targetDir the directory to download into
   * @param relativeKey the key with the prefix removed
   * @return the path inside {@code targetDir}
   * @throws InvalidRequestException (field {@code key}) for an unsafe key
   */
  public static Path resolveUnder(Path targetDir, String relativeKey) {
    if (relativeKey == null || relativeKey.isEmpty()) {
      throw new InvalidRequestException("key", "an empty key cannot be a file name");
    }
    String shown = relativeKey.replaceAll("[\\p{Cntrl}]", "?");
    if (relativeKey.indexOf('\0') >= 0) {
      throw unsafe(shown, "contains NUL");
    }
    for (int i = 0; i < relativeKey.length(); i++) {
      if (Character.isISOControl(relativeKey.charAt(i))) {
        throw unsafe(shown, "contains a control character");
      }
    }
    if (relativeKey.startsWith("/") || relativeKey.startsWith("\\")) {
      throw unsafe(shown, "is absolute");
    }
    if (relativeKey.length() >= 2 && Character.isLetter(relativeKey.charAt(0))
        && relativeKey.charAt(1) == ':') {
      throw unsafe(shown, "starts with a drive letter");
    }
    for (String seg : relativeKey.split("[/\\\\]", -1)) {
      if (seg.equals("..")) {
        throw unsafe(shown, "has a '..' segment");
      }
      if (seg.indexOf(':') >= 0 && seg.length() >= 2 && Character.isLetter(seg.charAt(0))
          && seg.charAt(1) == ':') {
        throw unsafe(shown, "has a drive letter in a segment");
      }
    }
    if (relativeKey.contains("\\")) {
      throw unsafe(shown, "contains a backslash, which is a separator on Windows");
    }
    Path base = targetDir.toAbsolutePath().normalize();
    Path p;
    try {
      p = base.resolve(relativeKey).normalize();
    } catch (InvalidPathException e) {
      throw unsafe(shown, "is not a valid file name here (" + e.getReason() + ")");
    }
    if (!p.startsWith(base) || p.equals(base)) {
      throw unsafe(shown, "resolves outside the target directory");
    }
    return p;
  }

  private static InvalidRequestException unsafe(String key, String why) {
    return new InvalidRequestException("key", "refusing to download object key '" + key
        + "': it " + why + " and could be written outside the target directory");
  }

  /**
   * The key of a file below a directory: {@code prefix + relative path with /}.
   *
   * @param prefix the key prefix (empty, or ending in {@code /})
   * @param root the directory
   * @param file a file below it
   * @return the key
   */
  public static String keyFor(String prefix, Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < rel.getNameCount(); i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(rel.getName(i).toString());
    }
    return sb.toString();
  }
}

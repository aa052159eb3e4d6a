package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;

/**
 * An output of a task: the file at {@code path} in the container, uploaded to {@code url}
 * after the executors ran. In TES 1.1 {@code path} may hold POSIX wildcards; then {@code url} is
 * a directory, {@code pathPrefix} is required and is cut from each match to form its URL.
 *
 * @param name a name, optional
 * @param description a description, optional
 * @param url where the file is uploaded to (a directory URL for a wildcard path)
 * @param path the absolute path in the container, possibly with wildcards (TES 1.1)
 * @param pathPrefix the prefix cut from wildcard matches (TES 1.1), else null
 * @param type file or directory; null means file
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesOutput(
    String name, String description, String url, String path, String pathPrefix, TesFileType type) {

  /**
   * An output file.
   *
   * @param path the absolute path in the container
   * @param url where to upload it
   * @return the output
   */
  public static TesOutput of(String path, String url) {
    return new TesOutput(null, null, url, path, null, TesFileType.FILE);
  }

  /**
   * Outputs selected by a wildcard (TES 1.1), uploaded below a directory URL.
   *
   * @param pathPattern the absolute path with wildcards, e.g. {@code /data/out/*.txt}
   * @param pathPrefix the prefix cut from matches, e.g. {@code /data/out/}
   * @param urlDirectory the directory URL the pruned paths are appended to
   * @return the output
   */
  public static TesOutput wildcard(String pathPattern, String pathPrefix, String urlDirectory) {
    return new TesOutput(null, null, urlDirectory, pathPattern, pathPrefix, TesFileType.FILE);
  }

  /**
   * The same output with a name.
   *
   * @param n the name
   * @return the copy
   */
  public TesOutput withName(String n) {
    return new TesOutput(n, description, url, path, pathPrefix, type);
  }

  /**
   * The same output as a directory or file.
   *
   * @param t the type
   * @return the copy
   */
  public TesOutput withType(TesFileType t) {
    return new TesOutput(name, description, url, path, pathPrefix, t);
  }

  /**
   * Whether {@code path} holds POSIX wildcard characters ({@code * ? [}).
   *
   * @return true for a wildcard output
   */
  public boolean hasWildcard() {
    return path != null && (path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0);
  }

  /**
   * Shows the output with the URL's signature and credential parameters redacted (a presigned
   * PUT URL is a credential).
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "TesOutput[name=" + name + ", url=" + (url == null ? null : Redaction.url(url))
        + ", path=" + path + ", pathPrefix=" + pathPrefix + ", type=" + type + "]";
  }
}

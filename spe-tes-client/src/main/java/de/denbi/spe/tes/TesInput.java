package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;

/**
 * An input of a task: a file (or directory) fetched from {@code url}, or a literal
 * {@code content}, placed at {@code path} inside the container.
 *
 * <p>The record accepts whatever a server returns; {@link TesTask.Builder#build()} checks the
 * rules for a submission (absolute path, {@code url} xor {@code content}).
 *
 * @param name a name, optional
 * @param description a description, optional
 * @param url where to fetch it from ({@code s3://}, {@code https://} presigned URL, {@code
 *     file://}, ...); null when {@code content} is set
 * @param path the absolute path inside the container
 * @param type file or directory; null means file
 * @param content the literal file content (UTF-8); null when {@code url} is set
 * @param streamable a hint that a streaming mount would do (TES 1.1); null for unset
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesInput(
    String name,
    String description,
    String url,
    String path,
    TesFileType type,
    String content,
    Boolean streamable) {

  /**
   * An input fetched from a URL.
   *
   * @param url the URL
   * @param path the absolute path in the container
   * @return the input
   */
  public static TesInput fromUrl(String url, String path) {
    return new TesInput(null, null, url, path, TesFileType.FILE, null, null);
  }

  /**
   * An input with literal content.
   *
   * @param content the content (UTF-8)
   * @param path the absolute path in the container
   * @return the input
   */
  public static TesInput ofContent(String content, String path) {
    return new TesInput(null, null, null, path, TesFileType.FILE, content, null);
  }

  /**
   * The same input with a name.
   *
   * @param n the name
   * @return the copy
   */
  public TesInput withName(String n) {
    return new TesInput(n, description, url, path, type, content, streamable);
  }

  /**
   * The same input as a directory or file.
   *
   * @param t the type
   * @return the copy
   */
  public TesInput withType(TesFileType t) {
    return new TesInput(name, description, url, path, t, content, streamable);
  }

  /**
   * The same input marked streamable (TES 1.1 hint).
   *
   * @param s true if a streaming mount would do
   * @return the copy
   */
  public TesInput withStreamable(boolean s) {
    return new TesInput(name, description, url, path, type, content, s);
  }

  /**
   * Shows the input without secrets: the URL's signature and credential parameters redacted,
   * the content only by its length (it may be sensitive data).
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "TesInput[name=" + name + ", url=" + (url == null ? null : Redaction.url(url))
        + ", path=" + path + ", type=" + type
        + ", content=" + (content == null ? null : "<" + content.length() + " chars>")
        + ", streamable=" + streamable + "]";
  }
}

package de.denbi.spe.tes;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;

/**
 * One uploaded output file (wildcard and directory outputs are listed file by file).
 *
 * @param url where the file was uploaded
 * @param path its path in the container
 * @param sizeBytes its size; a string on the wire (int64 in JSON), read from a string or a
 *     number; null when the server left it out
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesOutputFileLog(
    String url, String path, @JsonFormat(shape = JsonFormat.Shape.STRING) Long sizeBytes) {

  /**
   * Shows the file log with the URL's signature and credential parameters redacted.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "TesOutputFileLog[url=" + (url == null ? null : Redaction.url(url))
        + ", path=" + path + ", sizeBytes=" + sizeBytes + "]";
  }
}

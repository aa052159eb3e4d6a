package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;

/**
 * What one executor did.
 *
 * @param startTime when it started (RFC 3339 text as the server sent it), or null
 * @param endTime when it ended, or null
 * @param stdout the server's excerpt of stdout ({@link TesView#FULL} only), or null
 * @param stderr the server's excerpt of stderr ({@link TesView#FULL} only), or null
 * @param exitCode the exit code; null when the server left it out (Funnel omits a zero)
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesExecutorLog(
    String startTime, String endTime, String stdout, String stderr, Integer exitCode) {

  /** As the record's, with stdout/stderr redacted (they may be presigned URLs). */
  @Override
  public String toString() {
    return "TesExecutorLog[startTime=" + startTime + ", endTime=" + endTime
        + ", stdout=" + Redaction.url(stdout) + ", stderr=" + Redaction.url(stderr)
        + ", exitCode=" + exitCode + "]";
  }
}

package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;
import java.util.List;

/**
 * The log of a whole run ({@code run_log} of a {@link RunLog}).
 *
 * @param name the workflow's name (WESkit: its {@code workflow_url})
 * @param cmd the command line that was run
 * @param startTime when it started (ISO 8601 as the server wrote it), or {@code null}
 * @param endTime when it stopped, or {@code null}
 * @param stdout a URL (or, at WESkit, a path) of the standard output, or {@code null}
 * @param stderr a URL (or path) of the standard error, or {@code null}
 * @param exitCode the exit code, or {@code null} while running
 * @param systemLogs system messages (WES 1.1), empty when none
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Log(
    String name,
    List<String> cmd,
    String startTime,
    String endTime,
    String stdout,
    String stderr,
    Integer exitCode,
    List<String> systemLogs) {

  /** Missing lists become empty. */
  public Log {
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    systemLogs = systemLogs == null ? List.of() : List.copyOf(systemLogs);
  }

  /** As the record's, with the stdout/stderr URLs redacted (they may be presigned). */
  @Override
  public String toString() {
    return "Log[name=" + name + ", cmd=" + cmd + ", startTime=" + startTime + ", endTime=" + endTime
        + ", stdout=" + Redaction.url(stdout) + ", stderr=" + Redaction.url(stderr)
        + ", exitCode=" + exitCode + ", systemLogs=" + systemLogs + "]";
  }
}

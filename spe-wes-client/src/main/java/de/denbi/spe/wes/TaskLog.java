package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;
import java.util.List;
import java.util.Optional;

/**
 * The log of one task (workflow step). WES 1.1 gives every task an {@code id}; WES 1.0 task logs
 * have a name only.
 *
 * @param id the task id (WES 1.1), or {@code null}
 * @param name the task's name
 * @param cmd the command line
 * @param startTime when it started, or {@code null}
 * @param endTime when it stopped, or {@code null}
 * @param stdout a URL of its standard output, or {@code null}
 * @param stderr a URL of its standard error, or {@code null}
 * @param exitCode its exit code, or {@code null}
 * @param systemLogs system messages, empty when none
 * @param tesUri a GA4GH TES task URL, or {@code null}
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskLog(
    String id,
    String name,
    List<String> cmd,
    String startTime,
    String endTime,
    String stdout,
    String stderr,
    Integer exitCode,
    List<String> systemLogs,
    String tesUri) {

  /** Missing lists become empty. */
  public TaskLog {
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    systemLogs = systemLogs == null ? List.of() : List.copyOf(systemLogs);
  }

  /**
   * The task id.
   *
   * @return it, if the server gave one
   */
  public Optional<String> taskId() {
    return Optional.ofNullable(id);
  }

  /** As the record's, with the stdout/stderr URLs redacted (they may be presigned). */
  @Override
  public String toString() {
    return "TaskLog[id=" + id + ", name=" + name + ", cmd=" + cmd + ", startTime=" + startTime
        + ", endTime=" + endTime + ", stdout=" + Redaction.url(stdout) + ", stderr=" + Redaction.url(stderr)
        + ", exitCode=" + exitCode + ", systemLogs=" + systemLogs + ", tesUri=" + tesUri + "]";
  }
}

package de.denbi.spe.wes.internal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.wes.RunSummary;
import de.denbi.spe.wes.TaskLog;
import java.util.List;

/** The page shapes of the listings. */
public final class Pages {
  private Pages() {}

  /**
   * {@code RunListResponse}.
   *
   * @param runs the runs
   * @param nextPageToken the next token, empty or null on the last page
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunListPage(List<RunSummary> runs, String nextPageToken) {}

  /**
   * {@code TaskListResponse}.
   *
   * @param taskLogs the tasks
   * @param nextPageToken the next token, empty or null on the last page
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TaskListPage(List<TaskLog> taskLogs, String nextPageToken) {}

  /**
   * WESkit's {@code {"content": "..."}} reply of its stdout/stderr endpoints.
   *
   * @param content the text
   */
  public record LogContent(String content) {}

  /**
   * {@code RunId}.
   *
   * @param runId the id
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunIdReply(String runId) {}
}

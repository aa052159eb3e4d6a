package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.wes.internal.LenientJson;
import java.util.List;
import java.util.Optional;

/**
 * Everything about a run ({@code GET /runs/{run_id}}).
 *
 * @param runId the run id
 * @param request the request as the server recorded it, or {@code null}
 * @param state the state; {@link RunState#UNKNOWN} when missing
 * @param runLog the log of the whole run, or {@code null} before it started
 * @param taskLogsUrl where to page through the task logs (WES 1.1), or {@code null}
 * @param taskLogs the task logs included in the reply (deprecated in WES 1.1; empty when none)
 * @param outputs the run's outputs (a JSON object), or {@code null}
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunLog(
    String runId,
    RecordedRunRequest request,
    RunState state,
    Log runLog,
    String taskLogsUrl,
    List<TaskLog> taskLogs,
    @JsonDeserialize(using = LenientJson.class) JsonNode outputs) {

  /** Defaults for missing fields. */
  public RunLog {
    state = state == null ? RunState.UNKNOWN : state;
    taskLogs = taskLogs == null ? List.of() : List.copyOf(taskLogs);
  }

  /**
   * The log of the whole run.
   *
   * @return it, if the server sent one
   */
  public Optional<Log> log() {
    return Optional.ofNullable(runLog);
  }
}

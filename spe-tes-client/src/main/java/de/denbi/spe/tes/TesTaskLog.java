package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.tes.internal.Copies;
import java.util.List;
import java.util.Map;

/**
 * One attempt at running a task (a retried task has several).
 *
 * @param logs one entry per executor that ran (never null)
 * @param metadata implementation-specific facts, e.g. the host (never null)
 * @param startTime when the attempt started, or null
 * @param endTime when it ended, or null
 * @param outputs the uploaded output files (never null)
 * @param systemLogs system messages ({@link TesView#FULL} only; never null)
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesTaskLog(
    List<TesExecutorLog> logs,
    Map<String, String> metadata,
    String startTime,
    String endTime,
    List<TesOutputFileLog> outputs,
    List<String> systemLogs) {

  /** Missing lists and maps read as empty. */
  public TesTaskLog {
    logs = Copies.list(logs);
    metadata = Copies.map(metadata);
    outputs = Copies.list(outputs);
    systemLogs = Copies.list(systemLogs);
  }
}

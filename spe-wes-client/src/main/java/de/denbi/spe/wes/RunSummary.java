package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.wes.internal.LenientStringMap;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a listing ({@code GET /runs}). WES 1.0 servers send only the id and state; WES 1.1
 * servers may add times and tags.
 *
 * @param runId the run id
 * @param state the state; {@link RunState#UNKNOWN} when missing
 * @param startTime when it started, as the server wrote it (ISO 8601), or {@code null}
 * @param endTime when it stopped, as the server wrote it, or {@code null}
 * @param tags the tags given at submission (empty when the server sent none)
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunSummary(
    String runId,
    RunState state,
    String startTime,
    String endTime,
    @JsonDeserialize(using = LenientStringMap.class) Map<String, String> tags) {

  /** Defaults for missing fields. */
  public RunSummary {
    state = state == null ? RunState.UNKNOWN : state;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /**
   * The start time.
   *
   * @return it, if the server sent one
   */
  public Optional<String> start() {
    return Optional.ofNullable(startTime);
  }

  /**
   * The end time.
   *
   * @return it, if the server sent one
   */
  public Optional<String> end() {
    return Optional.ofNullable(endTime);
  }

  /**
   * The short status of this run.
   *
   * @return id and state
   */
  public RunStatus status() {
    return new RunStatus(runId, state);
  }
}

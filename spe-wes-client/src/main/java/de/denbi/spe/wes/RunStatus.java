package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The short status of a run ({@code GET /runs/{run_id}/status}).
 *
 * @param runId the run id
 * @param state the state; {@link RunState#UNKNOWN} when missing
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunStatus(String runId, RunState state) {

  /** A missing state becomes {@link RunState#UNKNOWN}. */
  public RunStatus {
    state = state == null ? RunState.UNKNOWN : state;
  }
}

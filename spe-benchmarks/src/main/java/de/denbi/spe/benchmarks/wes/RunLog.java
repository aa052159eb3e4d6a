package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The reply of {@code GET /ga4gh/wes/v1/runs/{run_id}} (GA4GH WES 1.1 {@code RunLog}).
 *
 * @param runId the run's id
 * @param request what the run was started with
 * @param state its state
 * @param runLog the log of the whole run
 * @param taskLogs the logs of its tasks
 * @param outputs the run's outputs (any JSON)
 */
public record RunLog(
    @JsonProperty("run_id") String runId,
    @JsonProperty("request") RunRequest request,
    @JsonProperty("state") State state,
    @JsonProperty("run_log") Log runLog,
    @JsonProperty("task_logs") List<TaskLog> taskLogs,
    @JsonProperty("outputs") Map<String, Object> outputs) {}

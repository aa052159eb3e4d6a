package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The request a WES run was started with.
 *
 * @param workflowParams the workflow's parameters (any JSON)
 * @param workflowType e.g. {@code SMK}, {@code NFL}, {@code CWL}
 * @param workflowTypeVersion the language version
 * @param tags free key/value tags
 * @param workflowEngineParameters engine options
 * @param workflowUrl the workflow's location
 */
public record RunRequest(
    @JsonProperty("workflow_params") Map<String, Object> workflowParams,
    @JsonProperty("workflow_type") String workflowType,
    @JsonProperty("workflow_type_version") String workflowTypeVersion,
    @JsonProperty("tags") Map<String, String> tags,
    @JsonProperty("workflow_engine_parameters") Map<String, String> workflowEngineParameters,
    @JsonProperty("workflow_url") String workflowUrl) {}

package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.wes.internal.LenientJson;
import de.denbi.spe.wes.internal.LenientStringMap;
import java.util.Map;

/**
 * The run request as the server recorded it ({@code request} of a {@link RunLog}). Servers store
 * the JSON-string form fields either parsed or as sent; both are accepted.
 *
 * @param workflowParams the workflow parameters (a JSON object), or {@code null}
 * @param workflowType the workflow type, e.g. {@code CWL}, {@code SMK}
 * @param workflowTypeVersion the workflow type version
 * @param tags the tags (empty when none)
 * @param workflowEngineParameters the engine parameters (empty when none)
 * @param workflowEngine the engine (WES 1.1), or {@code null}
 * @param workflowEngineVersion the engine version (WES 1.1), or {@code null}
 * @param workflowUrl the workflow URL
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecordedRunRequest(
    @JsonDeserialize(using = LenientJson.class) JsonNode workflowParams,
    String workflowType,
    String workflowTypeVersion,
    @JsonDeserialize(using = LenientStringMap.class) Map<String, String> tags,
    @JsonDeserialize(using = LenientStringMap.class) Map<String, String> workflowEngineParameters,
    String workflowEngine,
    String workflowEngineVersion,
    String workflowUrl) {

  /** Missing maps become empty. */
  public RecordedRunRequest {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    workflowEngineParameters =
        workflowEngineParameters == null ? Map.of() : Map.copyOf(workflowEngineParameters);
  }

  /**
   * Shows the names of parameters, tags and engine parameters, never their values (engine
   * parameters may hold S3 keys), and the workflow URL redacted.
   */
  @Override
  public String toString() {
    java.util.List<String> params = new java.util.ArrayList<>();
    if (workflowParams != null) {
      workflowParams.fieldNames().forEachRemaining(params::add);
    }
    return "RecordedRunRequest[workflowType=" + workflowType
        + ", workflowTypeVersion=" + workflowTypeVersion
        + ", workflowUrl=" + Redaction.url(workflowUrl)
        + (workflowEngine == null ? "" : ", workflowEngine=" + workflowEngine)
        + (workflowEngineVersion == null ? "" : ", workflowEngineVersion=" + workflowEngineVersion)
        + ", workflowParams=" + params
        + ", tags=" + tags.keySet()
        + ", workflowEngineParameters=" + workflowEngineParameters.keySet() + "]";
  }
}

package de.denbi.spe.wes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.wes.Attachment;
import de.denbi.spe.wes.RunRequest;
import de.denbi.spe.wes.WesApiVersion;
import de.denbi.spe.wes.WesDialect;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/** The multipart/form-data body of a run submission, as each dialect and version expects it. */
public final class RunForm {
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  private RunForm() {}

  /**
   * Builds the body. Attachments are file-backed request bodies: OkHttp streams them from disk
   * when the request is written, so no attachment is held in memory.
   *
   * @param r the request
   * @param version the server's WES version
   * @param dialect the server's dialect (STANDARD or WESKIT)
   * @param json the mapper for the JSON-string fields
   * @return the body
   */
  public static MultipartBody build(
      RunRequest r, WesApiVersion version, WesDialect dialect, ObjectMapper json) {
    MultipartBody.Builder b = new MultipartBody.Builder().setType(MultipartBody.FORM);
    boolean weskit = dialect == WesDialect.WESKIT;
    if (!r.workflowParams().isEmpty() || weskit) {
      // WESkit requires workflow_params; an empty object is what "no parameters" means
      b.addFormDataPart("workflow_params", json(r.workflowParams(), "workflow_params", json));
    }
    b.addFormDataPart("workflow_type", r.workflowType());
    b.addFormDataPart("workflow_type_version", r.workflowTypeVersion());
    if (!r.tags().isEmpty()) {
      b.addFormDataPart("tags", json(r.tags(), "tags", json));
    }
    if (!weskit && (r.workflowEngine() != null || r.workflowEngineVersion() != null)) {
      if (version == WesApiVersion.V1_0) {
        throw new InvalidRequestException(
            r.workflowEngine() != null ? "workflow_engine" : "workflow_engine_version",
            "the server speaks WES 1.0.0, which has no workflow_engine fields; leave them out"
                + " (the server picks its engine by workflow_type)");
      }
      if (r.workflowEngine() != null) {
        b.addFormDataPart("workflow_engine", r.workflowEngine());
      }
      if (r.workflowEngineVersion() != null) {
        b.addFormDataPart("workflow_engine_version", r.workflowEngineVersion());
      }
    }
    if (!r.workflowEngineParameters().isEmpty()) {
      b.addFormDataPart(
          "workflow_engine_parameters",
          json(r.workflowEngineParameters(), "workflow_engine_parameters", json));
    }
    b.addFormDataPart("workflow_url", r.workflowUrl());
    for (Attachment a : r.attachments()) {
      b.addFormDataPart(
          "workflow_attachment", a.name(), RequestBody.create(a.file().toFile(), OCTET_STREAM));
    }
    return b.build();
  }

  private static String json(Map<String, ?> value, String field, ObjectMapper json) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(field, "cannot be written as JSON: " + e.getOriginalMessage());
    }
  }
}

package de.denbi.spe.wes;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.wes.internal.AttachmentNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A request to run a workflow ({@code POST /runs}), built and validated with {@link #builder()}.
 *
 * <p>{@code workflowParams}, {@code tags} and {@code workflowEngineParameters} are sent as JSON
 * strings in the multipart form, as the specification asks; attachments as {@code
 * workflow_attachment} parts named by their relative path, streamed from disk.
 *
 * <pre>{@code
 * RunRequest req = RunRequest.builder()
 *     .workflowType("SMK").workflowTypeVersion("7.21.0")
 *     .workflowUrl("file:Snakefile")
 *     .attachDirectory(Path.of("snakemake-tutorial"))
 *     .workflowParam("samples", List.of("A", "B"))
 *     .engineParameter("cores", "2")
 *     .tag("project", "p123")
 *     .build();
 * }</pre>
 *
 * @param workflowType the workflow language, e.g. {@code CWL}, {@code WDL}, WESkit's {@code SMK}
 *     or {@code NFL}
 * @param workflowTypeVersion the language version (WESkit: the engine version)
 * @param workflowUrl the workflow: an absolute URL, or a path relative to the attachments
 * @param workflowEngine the engine (WES 1.1), or {@code null}
 * @param workflowEngineVersion the engine version (WES 1.1), or {@code null}
 * @param workflowParams the workflow's parameters, sent as one JSON object
 * @param tags free-form key/value tags
 * @param workflowEngineParameters engine parameters by name
 * @param attachments the files to send, in order, with unique names
 * @since 0.1.0
 */
public record RunRequest(
    String workflowType,
    String workflowTypeVersion,
    String workflowUrl,
    String workflowEngine,
    String workflowEngineVersion,
    Map<String, Object> workflowParams,
    Map<String, String> tags,
    Map<String, String> workflowEngineParameters,
    List<Attachment> attachments) {

  /** Validates the request; see {@link Builder#build()}. */
  public RunRequest {
    requireText(workflowType, "workflow_type");
    requireText(workflowTypeVersion, "workflow_type_version");
    requireText(workflowUrl, "workflow_url");
    if (workflowEngineVersion != null && (workflowEngine == null || workflowEngine.isBlank())) {
      throw new InvalidRequestException(
          "workflow_engine",
          "is required when workflow_engine_version is set ('" + workflowEngineVersion + "')");
    }
    if (workflowEngine != null) {
      requireText(workflowEngine, "workflow_engine");
    }
    if (workflowEngineVersion != null) {
      requireText(workflowEngineVersion, "workflow_engine_version");
    }
    workflowParams = copy(workflowParams, "workflow_params");
    tags = copyStrings(tags, "tags");
    workflowEngineParameters = copyStrings(workflowEngineParameters, "workflow_engine_parameters");
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    Set<String> names = new HashSet<>();
    for (Attachment a : attachments) {
      if (!names.add(a.name())) {
        throw new InvalidRequestException(
            "workflow_attachment[" + a.name() + "]", "two attachments have this name");
      }
    }
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this request's values, to make a variant.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.workflowType = workflowType;
    b.workflowTypeVersion = workflowTypeVersion;
    b.workflowUrl = workflowUrl;
    b.workflowEngine = workflowEngine;
    b.workflowEngineVersion = workflowEngineVersion;
    b.workflowParams.putAll(workflowParams);
    b.tags.putAll(tags);
    b.engineParameters.putAll(workflowEngineParameters);
    b.attachments.addAll(attachments);
    return b;
  }

  /**
   * Whether {@link #workflowUrl()} names one of the attachments.
   *
   * @return true if an attachment has that name (a {@code file:} prefix ignored)
   */
  public boolean workflowUrlIsAttached() {
    String u = workflowUrl.startsWith("file:") ? workflowUrl.substring(5) : workflowUrl;
    return attachments.stream().anyMatch(a -> a.name().equals(u));
  }

  /** Shows names of parameters, tags and engine parameters, never their values. */
  @Override
  public String toString() {
    return "RunRequest[workflowType="
        + workflowType
        + ", workflowTypeVersion="
        + workflowTypeVersion
        + ", workflowUrl="
        + Redaction.url(workflowUrl)
        + (workflowEngine == null ? "" : ", workflowEngine=" + workflowEngine)
        + (workflowEngineVersion == null ? "" : ", workflowEngineVersion=" + workflowEngineVersion)
        + ", workflowParams="
        + workflowParams.keySet()
        + ", tags="
        + tags.keySet()
        + ", workflowEngineParameters="
        + workflowEngineParameters.keySet()
        + ", attachments="
        + attachments.size()
        + "]";
  }

  private static void requireText(String s, String field) {
    if (s == null || s.isBlank()) {
      throw new InvalidRequestException(field, "is required and must not be blank");
    }
    if (s.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
      throw new InvalidRequestException(field, "must not contain line breaks or control characters");
    }
  }

  private static Map<String, Object> copy(Map<String, Object> m, String field) {
    if (m == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (k == null || k.isEmpty()) {
            throw new InvalidRequestException(field, "keys must not be empty");
          }
          out.put(k, v);
        });
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, String> copyStrings(Map<String, String> m, String field) {
    if (m == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (k == null || k.isEmpty()) {
            throw new InvalidRequestException(field, "keys must not be empty");
          }
          if (v == null) {
            throw new InvalidRequestException(field + "." + k, "must not be null");
          }
          out.put(k, v);
        });
    return Collections.unmodifiableMap(out);
  }

  /**
   * Builds a {@link RunRequest}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String workflowType;
    private String workflowTypeVersion;
    private String workflowUrl;
    private String workflowEngine;
    private String workflowEngineVersion;
    private final Map<String, Object> workflowParams = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, String> engineParameters = new LinkedHashMap<>();
    private final List<Attachment> attachments = new ArrayList<>();

    private Builder() {}

    /**
     * The workflow language (required), e.g. {@code CWL}; at WESkit {@code SMK} or {@code NFL}.
     *
     * @param type the type
     * @return this builder
     */
    public Builder workflowType(String type) {
      this.workflowType = type;
      return this;
    }

    /**
     * The language version (required); at WESkit the engine version, e.g. {@code 7.21.0}.
     *
     * @param version the version
     * @return this builder
     */
    public Builder workflowTypeVersion(String version) {
      this.workflowTypeVersion = version;
      return this;
    }

    /**
     * The workflow (required): an absolute URL, or the relative name of an attachment (WESkit:
     * {@code file:Snakefile} or a {@code trs://} URI).
     *
     * @param url the URL
     * @return this builder
     */
    public Builder workflowUrl(String url) {
      this.workflowUrl = url;
      return this;
    }

    /**
     * The engine (WES 1.1); required when {@link #workflowEngineVersion(String)} is set.
     *
     * @param engine e.g. {@code cromwell}
     * @return this builder
     */
    public Builder workflowEngine(String engine) {
      this.workflowEngine = engine;
      return this;
    }

    /**
     * The engine version (WES 1.1).
     *
     * @param version the version
     * @return this builder
     */
    public Builder workflowEngineVersion(String version) {
      this.workflowEngineVersion = version;
      return this;
    }

    /**
     * One workflow parameter; values are written as JSON (strings, numbers, booleans, lists,
     * maps, records).
     *
     * @param name the parameter's name
     * @param value its value
     * @return this builder
     */
    public Builder workflowParam(String name, Object value) {
      workflowParams.put(requireKey(name, "workflow_params"), value);
      return this;
    }

    /**
     * Adds workflow parameters.
     *
     * @param params the parameters
     * @return this builder
     */
    public Builder workflowParams(Map<String, ?> params) {
      Objects.requireNonNull(params, "params").forEach(this::workflowParam);
      return this;
    }

    /**
     * One tag.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(requireKey(key, "tags"), requireValue(value, "tags." + key));
      return this;
    }

    /**
     * Adds tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      Objects.requireNonNull(tags, "tags").forEach(this::tag);
      return this;
    }

    /**
     * One engine parameter (WESkit names them e.g. {@code cores}, {@code max-memory}).
     *
     * @param name the name
     * @param value the value, as a string
     * @return this builder
     */
    public Builder engineParameter(String name, String value) {
      engineParameters.put(
          requireKey(name, "workflow_engine_parameters"),
          requireValue(value, "workflow_engine_parameters." + name));
      return this;
    }

    /**
     * Adds engine parameters.
     *
     * @param params the parameters
     * @return this builder
     */
    public Builder engineParameters(Map<String, String> params) {
      Objects.requireNonNull(params, "params").forEach(this::engineParameter);
      return this;
    }

    /**
     * Attaches a file under its file name.
     *
     * @param file the file
     * @return this builder
     */
    public Builder attach(Path file) {
      attachments.add(Attachment.of(file));
      return this;
    }

    /**
     * Attaches a file under a relative name.
     *
     * @param name the relative name, e.g. {@code config/config.yaml}
     * @param file the file
     * @return this builder
     */
    public Builder attach(String name, Path file) {
      attachments.add(new Attachment(name, file));
      return this;
    }

    /**
     * Attaches every regular file below a directory, named by its path relative to it (so
     * {@code dir/rules/a.smk} becomes {@code rules/a.smk}).
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder attachDirectory(Path dir) {
      return attachDirectory(dir, "");
    }

    /**
     * Attaches every regular file below a directory, named {@code prefix} + its relative path.
     *
     * @param dir the directory
     * @param prefix e.g. {@code workflow/}, or {@code ""}
     * @return this builder
     */
    public Builder attachDirectory(Path dir, String prefix) {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(prefix, "prefix");
      for (AttachmentNames.Entry e : AttachmentNames.walk(dir, prefix)) {
        attachments.add(new Attachment(e.name(), e.file()));
      }
      return this;
    }

    /**
     * Applies a configuration function.
     *
     * @param config the function
     * @return this builder
     */
    public Builder apply(Consumer<Builder> config) {
      config.accept(this);
      return this;
    }

    /**
     * Builds and validates the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field when {@code workflow_type}, {@code
     *     workflow_type_version} or {@code workflow_url} is missing, {@code workflow_engine} is
     *     missing while {@code workflow_engine_version} is set, or two attachments share a name
     */
    public RunRequest build() {
      return new RunRequest(
          workflowType,
          workflowTypeVersion,
          workflowUrl,
          workflowEngine,
          workflowEngineVersion,
          workflowParams,
          tags,
          engineParameters,
          attachments);
    }

    private static String requireKey(String key, String field) {
      if (key == null || key.isEmpty()) {
        throw new InvalidRequestException(field, "keys must not be empty");
      }
      return key;
    }

    private static String requireValue(String value, String field) {
      if (value == null) {
        throw new InvalidRequestException(field, "must not be null");
      }
      return value;
    }
  }
}

package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.tes.internal.Copies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A TES task: what to run (executors), with which files (inputs, outputs, volumes) and
 * resources, and, as returned by a server, its id, state and logs.
 *
 * <p>Build a submission with {@link #builder()}; {@link Builder#build()} checks the rules of the
 * specification and names the field that breaks one. A task read from a server is taken as it
 * is: missing lists read as empty, a missing state as {@link TesState#UNKNOWN} ({@link
 * TesView#MINIMAL} has only {@code id} and {@code state}).
 *
 * <pre>{@code
 * TesTask task = TesTask.builder()
 *     .name("md5")
 *     .input(TesInput.fromUrl(presignedGetUrl, "/data/in.txt"))
 *     .output(TesOutput.of("/data/out.txt", presignedPutUrl))
 *     .executor(e -> e.image("alpine:3.20").command("sh", "-c", "md5sum /data/in.txt > /data/out.txt"))
 *     .resources(r -> r.cpuCores(1).ramGb(0.5))
 *     .tag("project", "p1")
 *     .build();
 * }</pre>
 *
 * @param id the id the server assigned (null before submission)
 * @param state the state (never null; {@link TesState#UNKNOWN} when missing)
 * @param name a name, optional
 * @param description a description, optional
 * @param inputs the inputs (never null)
 * @param outputs the outputs (never null)
 * @param resources the requested resources, or null
 * @param executors the executors (never null; empty in a MINIMAL view)
 * @param volumes shared directories (never null)
 * @param tags key/value tags (never null)
 * @param logs the attempts' logs (never null)
 * @param creationTime when the server created it (RFC 3339 text), or null
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesTask(
    String id,
    TesState state,
    String name,
    String description,
    List<TesInput> inputs,
    List<TesOutput> outputs,
    TesResources resources,
    List<TesExecutor> executors,
    List<String> volumes,
    Map<String, String> tags,
    List<TesTaskLog> logs,
    String creationTime) {

  /** Normalises what a server may leave out. */
  public TesTask {
    state = state == null ? TesState.UNKNOWN : state;
    inputs = Copies.list(inputs);
    outputs = Copies.list(outputs);
    executors = Copies.list(executors);
    volumes = Copies.list(volumes);
    tags = Copies.map(tags);
    logs = Copies.list(logs);
  }

  /**
   * A new builder for a task submission.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this task's user-supplied fields (not id, state, logs).
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder().name(name).description(description);
    inputs.forEach(b::input);
    outputs.forEach(b::output);
    executors.forEach(b::executor);
    volumes.forEach(b::volume);
    b.tags.putAll(tags);
    b.resources = resources;
    return b;
  }

  /**
   * The log of the last attempt.
   *
   * @return the last entry of {@link #logs()}, if any
   */
  public Optional<TesTaskLog> lastLog() {
    return logs.isEmpty() ? Optional.empty() : Optional.of(logs.get(logs.size() - 1));
  }

  /**
   * Builds a task submission. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String name;
    private String description;
    private final List<TesInput> inputs = new ArrayList<>();
    private final List<TesOutput> outputs = new ArrayList<>();
    private TesResources resources;
    private final List<TesExecutor> executors = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The task's name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The task's description.
     *
     * @param description the description
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Adds an input.
     *
     * @param input the input
     * @return this builder
     */
    public Builder input(TesInput input) {
      this.inputs.add(Objects.requireNonNull(input, "input"));
      return this;
    }

    /**
     * Adds an output.
     *
     * @param output the output
     * @return this builder
     */
    public Builder output(TesOutput output) {
      this.outputs.add(Objects.requireNonNull(output, "output"));
      return this;
    }

    /**
     * Adds an executor.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(TesExecutor executor) {
      this.executors.add(Objects.requireNonNull(executor, "executor"));
      return this;
    }

    /**
     * Adds an executor configured by a function.
     *
     * @param config configures a fresh {@link TesExecutor.Builder}
     * @return this builder
     */
    public Builder executor(Consumer<TesExecutor.Builder> config) {
      TesExecutor.Builder b = TesExecutor.builder();
      config.accept(b);
      return executor(b.build());
    }

    /**
     * The resources.
     *
     * @param resources the resources
     * @return this builder
     */
    public Builder resources(TesResources resources) {
      this.resources = resources;
      return this;
    }

    /**
     * The resources, configured by a function.
     *
     * @param config configures a fresh {@link TesResources.Builder}
     * @return this builder
     */
    public Builder resources(Consumer<TesResources.Builder> config) {
      TesResources.Builder b = TesResources.builder();
      config.accept(b);
      this.resources = b.build();
      return this;
    }

    /**
     * Adds a volume: a directory shared by the executors.
     *
     * @param path an absolute path
     * @return this builder
     */
    public Builder volume(String path) {
      this.volumes.add(path);
      return this;
    }

    /**
     * Sets a tag.
     *
     * @param key the key
     * @param value the value (may be empty)
     * @return this builder
     */
    public Builder tag(String key, String value) {
      this.tags.put(key, value);
      return this;
    }

    /**
     * Sets several tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags.putAll(tags);
      return this;
    }

    /**
     * Checks every rule and builds the task.
     *
     * @return the task
     * @throws InvalidRequestException naming the first field that breaks a rule
     */
    public TesTask build() {
      if (executors.isEmpty()) {
        throw new InvalidRequestException(
            "executors", "at least one executor (image + command) is required");
      }
      for (int i = 0; i < executors.size(); i++) {
        checkExecutor(executors.get(i), "executors[" + i + "]");
      }
      for (int i = 0; i < inputs.size(); i++) {
        checkInput(inputs.get(i), "inputs[" + i + "]");
      }
      for (int i = 0; i < outputs.size(); i++) {
        checkOutput(outputs.get(i), "outputs[" + i + "]");
      }
      for (int i = 0; i < volumes.size(); i++) {
        absolute(volumes.get(i), "volumes[" + i + "]", true);
      }
      for (Map.Entry<String, String> t : tags.entrySet()) {
        if (Copies.blank(t.getKey())) {
          throw new InvalidRequestException("tags", "a tag key must not be blank");
        }
        if (t.getValue() == null) {
          throw new InvalidRequestException("tags." + t.getKey(), "must not be null (use \"\")");
        }
      }
      if (resources != null) {
        checkResources(resources);
      }
      return new TesTask(
          null, null, name, description, inputs, outputs, resources, executors, volumes, tags,
          null, null);
    }

    private static void checkExecutor(TesExecutor e, String f) {
      if (Copies.blank(e.image())) {
        throw new InvalidRequestException(f + ".image", "a container image is required, e.g. ubuntu:24.04");
      }
      if (e.command().isEmpty()) {
        throw new InvalidRequestException(f + ".command", "a command (program and arguments) is required");
      }
      for (int j = 0; j < e.command().size(); j++) {
        if (e.command().get(j) == null) {
          throw new InvalidRequestException(f + ".command[" + j + "]", "must not be null");
        }
      }
      absolute(e.workdir(), f + ".workdir", false);
      absolute(e.stdin(), f + ".stdin", false);
      absolute(e.stdout(), f + ".stdout", false);
      absolute(e.stderr(), f + ".stderr", false);
      if (e.env() != null) {
        for (Map.Entry<String, String> v : e.env().entrySet()) {
          if (Copies.blank(v.getKey()) || v.getKey().indexOf('=') >= 0) {
            throw new InvalidRequestException(f + ".env", "a variable name must not be blank or contain '='");
          }
          if (v.getValue() == null) {
            throw new InvalidRequestException(f + ".env." + v.getKey(), "must not be null");
          }
        }
      }
    }

    private static void checkInput(TesInput in, String f) {
      absolute(in.path(), f + ".path", true);
      if (hasWildcard(in.path())) {
        throw new InvalidRequestException(f + ".path", "wildcards are allowed in output paths only");
      }
      boolean hasUrl = !Copies.blank(in.url());
      boolean hasContent = in.content() != null;
      if (hasUrl == hasContent) {
        throw new InvalidRequestException(
            f + (hasUrl ? ".content" : ".url"),
            hasUrl
                ? "an input has either a url or a content, not both"
                : "an input needs a url to fetch from or a literal content");
      }
      if (in.type() == TesFileType.UNKNOWN) {
        throw new InvalidRequestException(f + ".type", "must be FILE or DIRECTORY");
      }
      if (hasContent && in.type() == TesFileType.DIRECTORY) {
        throw new InvalidRequestException(f + ".type", "an input with content is a FILE");
      }
    }

    private static void checkOutput(TesOutput out, String f) {
      if (Copies.blank(out.url())) {
        throw new InvalidRequestException(f + ".url", "the URL the output is uploaded to is required");
      }
      absolute(out.path(), f + ".path", true);
      if (out.type() == TesFileType.UNKNOWN) {
        throw new InvalidRequestException(f + ".type", "must be FILE or DIRECTORY");
      }
      if (out.hasWildcard()) {
        if (Copies.blank(out.pathPrefix())) {
          throw new InvalidRequestException(
              f + ".path_prefix", "is required when the path has wildcards (" + out.path() + ")");
        }
        absolute(out.pathPrefix(), f + ".path_prefix", true);
        if (!out.path().startsWith(out.pathPrefix())) {
          throw new InvalidRequestException(
              f + ".path_prefix",
              "'" + out.pathPrefix() + "' is not a prefix of the path '" + out.path() + "'");
        }
        if (hasWildcard(out.pathPrefix())) {
          throw new InvalidRequestException(f + ".path_prefix", "must not contain wildcards");
        }
      }
    }

    private static void checkResources(TesResources r) {
      if (r.cpuCores() != null && r.cpuCores() < 1) {
        throw new InvalidRequestException("resources.cpu_cores", "must be at least 1, was " + r.cpuCores());
      }
      positive(r.ramGb(), "resources.ram_gb");
      positive(r.diskGb(), "resources.disk_gb");
      if (r.zones() != null && r.zones().stream().anyMatch(Copies::blank)) {
        throw new InvalidRequestException("resources.zones", "a zone must not be blank");
      }
      if (r.backendParameters() != null
          && r.backendParameters().entrySet().stream()
              .anyMatch(e -> Copies.blank(e.getKey()) || e.getValue() == null)) {
        throw new InvalidRequestException(
            "resources.backend_parameters", "keys must not be blank and values not null");
      }
    }

    private static void positive(Double v, String f) {
      if (v != null && (!(v > 0) || v.isInfinite())) {
        throw new InvalidRequestException(f, "must be a positive number, was " + v);
      }
    }

    private static void absolute(String path, String f, boolean required) {
      if (path == null) {
        if (required) {
          throw new InvalidRequestException(f, "an absolute path inside the container is required");
        }
        return;
      }
      if (!path.startsWith("/")) {
        throw new InvalidRequestException(f, "must be an absolute path (starting with /), was '" + path + "'");
      }
      if (path.indexOf('\0') >= 0 || path.indexOf('\n') >= 0) {
        throw new InvalidRequestException(f, "must not contain NUL or newline characters");
      }
    }

    private static boolean hasWildcard(String p) {
      return p != null && (p.indexOf('*') >= 0 || p.indexOf('?') >= 0 || p.indexOf('[') >= 0);
    }
  }
}

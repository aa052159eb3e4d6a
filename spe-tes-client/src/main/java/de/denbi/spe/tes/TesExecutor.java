package de.denbi.spe.tes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One command run in a container. The executors of a task run one after the other and see the
 * same inputs and volumes.
 *
 * @param image the container image, e.g. {@code ubuntu:24.04}
 * @param command the program and its arguments (argv)
 * @param workdir the working directory (absolute), optional
 * @param stdin an absolute path piped to stdin, optional
 * @param stdout an absolute path stdout is written to, optional
 * @param stderr an absolute path stderr is written to, optional
 * @param env environment variables, optional
 * @param ignoreError continue with the next executor after a failure (TES 1.1), optional
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesExecutor(
    String image,
    List<String> command,
    String workdir,
    String stdin,
    String stdout,
    String stderr,
    Map<String, String> env,
    Boolean ignoreError) {

  /** Copies the collections; a missing command reads as empty. */
  public TesExecutor {
    command = command == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(command));
    env = env == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  /**
   * An executor with an image and a command, nothing else.
   *
   * @param image the image
   * @param command the argv
   * @return the executor
   */
  public static TesExecutor of(String image, String... command) {
    return new TesExecutor(image, Arrays.asList(command), null, null, null, null, null, null);
  }

  /**
   * Shows the executor with the environment's names only (values may be credentials).
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "TesExecutor[image=" + image + ", command=" + command + ", workdir=" + workdir
        + ", stdin=" + stdin + ", stdout=" + stdout + ", stderr=" + stderr
        + ", env=" + (env == null ? null : env.keySet()) + ", ignoreError=" + ignoreError + "]";
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
   * Builds a {@link TesExecutor}; the rules are checked by {@link TesTask.Builder#build()},
   * which knows the executor's index for the message.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String image;
    private final List<String> command = new ArrayList<>();
    private String workdir;
    private String stdin;
    private String stdout;
    private String stderr;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Boolean ignoreError;

    private Builder() {}

    /**
     * The container image.
     *
     * @param image e.g. {@code ubuntu:24.04}
     * @return this builder
     */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /**
     * The command (replaces any earlier one).
     *
     * @param argv the program and its arguments
     * @return this builder
     */
    public Builder command(String... argv) {
      return command(Arrays.asList(argv));
    }

    /**
     * The command (replaces any earlier one).
     *
     * @param argv the program and its arguments
     * @return this builder
     */
    public Builder command(List<String> argv) {
      Objects.requireNonNull(argv, "command");
      this.command.clear();
      this.command.addAll(argv);
      return this;
    }

    /**
     * The working directory.
     *
     * @param dir an absolute path
     * @return this builder
     */
    public Builder workdir(String dir) {
      this.workdir = dir;
      return this;
    }

    /**
     * A file piped to stdin.
     *
     * @param path an absolute path
     * @return this builder
     */
    public Builder stdin(String path) {
      this.stdin = path;
      return this;
    }

    /**
     * A file stdout is written to.
     *
     * @param path an absolute path
     * @return this builder
     */
    public Builder stdout(String path) {
      this.stdout = path;
      return this;
    }

    /**
     * A file stderr is written to.
     *
     * @param path an absolute path
     * @return this builder
     */
    public Builder stderr(String path) {
      this.stderr = path;
      return this;
    }

    /**
     * Sets an environment variable.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder env(String name, String value) {
      this.env.put(name, value);
      return this;
    }

    /**
     * Continue with the next executor when this one fails (TES 1.1).
     *
     * @param ignore true to continue
     * @return this builder
     */
    public Builder ignoreError(boolean ignore) {
      this.ignoreError = ignore;
      return this;
    }

    /**
     * Builds the executor.
     *
     * @return the executor
     */
    public TesExecutor build() {
      return new TesExecutor(
          image, command, workdir, stdin, stdout, stderr, env.isEmpty() ? null : env, ignoreError);
    }
  }
}

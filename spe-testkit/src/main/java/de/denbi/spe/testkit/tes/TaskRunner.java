package de.denbi.spe.testkit.tes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link FakeTesServer} does instead of running containers: it hands each task's executors
 * and staged input files to a runner, which returns one result per executor and the files the
 * executors "wrote". The fake never starts a process or a container; a runner is plain Java.
 *
 * <pre>{@code
 * // an "executor" that upper-cases /data/in.txt into /data/out.txt
 * TaskRunner upper = ctx -> TaskRunner.Result.ok(ctx.executorCount())
 *     .withFile("/data/out.txt", ctx.inputText("/data/in.txt").toUpperCase());
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TaskRunner {

  /**
   * Runs a task's executors.
   *
   * @param context the task and its staged inputs
   * @return one result per executor (fewer if it stopped early) and the files written
   * @throws Exception ends the task in {@code SYSTEM_ERROR} with the message in its system logs
   */
  Result run(Context context) throws Exception;

  /**
   * Every executor exits with 0 and prints what it would have run; no files are written.
   *
   * @return the default runner
   */
  static TaskRunner succeed() {
    return ctx -> {
      List<ExecutorResult> out = new ArrayList<>();
      for (JsonNode e : ctx.task().path("executors")) {
        List<String> argv = new ArrayList<>();
        e.path("command").forEach(c -> argv.add(c.asText()));
        out.add(new ExecutorResult(0, "fake executor: " + e.path("image").asText() + " " + String.join(" ", argv) + "\n", ""));
      }
      return new Result(out, Map.of());
    };
  }

  /**
   * Executor {@code i} exits with {@code codes[i]} (0 for executors beyond the array).
   *
   * @param codes the exit codes
   * @return the runner
   */
  static TaskRunner exitCodes(int... codes) {
    return ctx -> {
      List<ExecutorResult> out = new ArrayList<>();
      for (int i = 0; i < ctx.executorCount(); i++) {
        int c = i < codes.length ? codes[i] : 0;
        out.add(new ExecutorResult(c, "", c == 0 ? "" : "exit " + c + "\n"));
      }
      return new Result(out, Map.of());
    };
  }

  /**
   * Every executor exits with 0, and each output path gets the result of a function of the
   * task's inputs (for staging tests: transform an input into an output).
   *
   * @param outputs output path to a function of the context giving its content
   * @return the runner
   */
  static TaskRunner writing(Map<String, Function<Context, byte[]>> outputs) {
    Map<String, Function<Context, byte[]>> copy = new LinkedHashMap<>(outputs);
    return ctx -> {
      Result r = Result.ok(ctx.executorCount());
      for (Map.Entry<String, Function<Context, byte[]>> e : copy.entrySet()) {
        r = r.withFile(e.getKey(), e.getValue().apply(ctx));
      }
      return r;
    };
  }

  /**
   * What a runner sees of a task.
   *
   * @param task the task as stored (a copy)
   * @param inputs staged input files by container path: literal {@code content} always, files
   *     from http(s) URLs only when the server stages files
   * @since 0.1.0
   */
  record Context(JsonNode task, Map<String, byte[]> inputs) {

    /**
     * The number of executors.
     *
     * @return the count
     */
    public int executorCount() {
      return task.path("executors").size();
    }

    /**
     * An input as UTF-8 text.
     *
     * @param path the container path
     * @return the text
     * @throws IllegalArgumentException if there is no such staged input
     */
    public String inputText(String path) {
      byte[] b = inputs.get(path);
      if (b == null) {
        throw new IllegalArgumentException("no staged input at " + path + " (have " + inputs.keySet() + ")");
      }
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  /**
   * One executor's outcome.
   *
   * @param exitCode the exit code
   * @param stdout what it printed
   * @param stderr what it printed to stderr
   * @since 0.1.0
   */
  record ExecutorResult(int exitCode, String stdout, String stderr) {}

  /**
   * A run's outcome.
   *
   * @param executors one result per executor that ran
   * @param files files written, by container path
   * @since 0.1.0
   */
  record Result(List<ExecutorResult> executors, Map<String, byte[]> files) {

    /** Copies the values. */
    public Result {
      executors = List.copyOf(executors);
      files = Map.copyOf(files);
    }

    /**
     * {@code n} executors that exit with 0, no files.
     *
     * @param n the number of executors
     * @return the result
     */
    public static Result ok(int n) {
      List<ExecutorResult> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(new ExecutorResult(0, "", ""));
      }
      return new Result(out, Map.of());
    }

    /**
     * The same with one more file.
     *
     * @param path its container path
     * @param content its content
     * @return the copy
     */
    public Result withFile(String path, byte[] content) {
      Map<String, byte[]> f = new LinkedHashMap<>(files);
      f.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(content, "content"));
      return new Result(executors, f);
    }

    /**
     * The same with one more UTF-8 text file.
     *
     * @param path its container path
     * @param text its content
     * @return the copy
     */
    public Result withFile(String path, String text) {
      return withFile(path, text.getBytes(StandardCharsets.UTF_8));
    }
  }
}

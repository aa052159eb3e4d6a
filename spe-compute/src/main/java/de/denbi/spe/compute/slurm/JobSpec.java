package de.denbi.spe.compute.slurm;

import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A batch job to submit: a script or a command, with its resources. Built with
 * {@link #builder()}, validated in {@link Builder#build()} with exceptions that name the field.
 *
 * <p>Values are never pasted into a shell command: on the SSH transport every option is quoted
 * as one word and the environment is written into the batch script as quoted {@code export}
 * lines; on slurmrestd they travel as JSON. So a job name, path, environment value or argument
 * such as {@code $(rm -rf ~)} stays text.
 *
 * <pre>{@code
 * JobSpec job = JobSpec.builder()
 *     .name("align-sample-1")
 *     .command("bwa", "mem", "ref.fa", "reads.fq")
 *     .partition("debug").cpusPerTask(4).memoryPerNodeMb(8000).timeLimit(Duration.ofHours(2))
 *     .env("SAMPLE", "s1")
 *     .workingDirectory("/data/project-1")
 *     .stdout("logs/%j.out")
 *     .build();
 * }</pre>
 *
 * @param name the job name ({@code --job-name})
 * @param script the whole batch script, or null when {@link #command()} is set
 * @param command the program and its arguments, run by a generated script; empty when
 *     {@link #script()} is set
 * @param partition the partition, or null for the cluster's default
 * @param account the account to charge, or null
 * @param qos the quality of service, or null
 * @param timeLimit the time limit, or null for the partition's default
 * @param nodes the number of nodes, 0 for SLURM's default
 * @param tasks the number of tasks, 0 for SLURM's default
 * @param cpusPerTask CPUs per task, 0 for SLURM's default
 * @param memoryPerNodeMb memory per node in MB, 0 for SLURM's default
 * @param memoryPerCpuMb memory per CPU in MB, 0 for SLURM's default
 * @param gpus GPUs for the job ({@code --gpus}), 0 for none
 * @param gres generic resources ({@code --gres}, e.g. {@code gpu:a100:2}), or null
 * @param array array indices ({@code --array}, e.g. {@code 0-9%2}), or null
 * @param dependencies jobs this one waits for
 * @param environment variables set in the job, in order
 * @param workingDirectory the directory the job runs in, or null for the submitting
 *     directory (SSH: the login directory)
 * @param stdout the standard output file ({@code %j}, {@code %A}, {@code %a} expand), or null
 * @param stderr the standard error file, or null (then with stdout)
 * @param hold submit held: the job waits until released ({@code scontrol release})
 * @since 0.1.0
 */
public record JobSpec(
    String name,
    String script,
    List<String> command,
    String partition,
    String account,
    String qos,
    Duration timeLimit,
    int nodes,
    int tasks,
    int cpusPerTask,
    long memoryPerNodeMb,
    long memoryPerCpuMb,
    int gpus,
    String gres,
    String array,
    List<JobDependency> dependencies,
    Map<String, String> environment,
    String workingDirectory,
    String stdout,
    String stderr,
    boolean hold) {

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");
  private static final Pattern GRES = Pattern.compile("[A-Za-z0-9_.:-]+(,[A-Za-z0-9_.:-]+)*");
  private static final Pattern ARRAY =
      Pattern.compile("\\d{1,9}(-\\d{1,9}(:\\d{1,9})?)?(,\\d{1,9}(-\\d{1,9}(:\\d{1,9})?)?)*(%\\d{1,6})?");

  /** Validates every field and copies the collections. */
  public JobSpec {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException("name", "must not be blank");
    }
    Shell.oneLine(name, "name");
    if (name.length() > 200) {
      throw new InvalidRequestException("name", "must be at most 200 characters");
    }
    command = List.copyOf(command == null ? List.of() : command);
    if ((script == null) == command.isEmpty()) {
      throw new InvalidRequestException(
          script == null ? "script" : "command", "set exactly one of script(...) and command(...)");
    }
    if (script != null) {
      if (script.isBlank()) {
        throw new InvalidRequestException("script", "must not be blank");
      }
      if (script.indexOf('\0') >= 0) {
        throw new InvalidRequestException("script", "must not contain a NUL character");
      }
    }
    for (int i = 0; i < command.size(); i++) {
      String a = command.get(i);
      if (a == null || a.indexOf('\0') >= 0) {
        throw new InvalidRequestException("command[" + i + "]", "must be text without NUL");
      }
    }
    word(partition, "partition");
    word(account, "account");
    word(qos, "qos");
    if (timeLimit != null && (timeLimit.isNegative() || timeLimit.toSeconds() < 60)) {
      throw new InvalidRequestException("timeLimit", "must be at least one minute, was " + timeLimit);
    }
    nonNegative(nodes, "nodes");
    nonNegative(tasks, "tasks");
    nonNegative(cpusPerTask, "cpusPerTask");
    nonNegative(memoryPerNodeMb, "memoryPerNodeMb");
    nonNegative(memoryPerCpuMb, "memoryPerCpuMb");
    nonNegative(gpus, "gpus");
    if (memoryPerNodeMb > 0 && memoryPerCpuMb > 0) {
      throw new InvalidRequestException("memoryPerCpuMb", "set either memoryPerNodeMb or memoryPerCpuMb");
    }
    if (gres != null && !GRES.matcher(gres).matches()) {
      throw new InvalidRequestException("gres", "must look like gpu:2 or gpu:a100:2, was '" + Shell.printable(gres) + "'");
    }
    if (array != null && !ARRAY.matcher(array).matches()) {
      throw new InvalidRequestException(
          "array", "must look like 0-9, 1,3,5 or 0-99%10, was '" + Shell.printable(array) + "'");
    }
    dependencies = List.copyOf(dependencies == null ? List.of() : dependencies);
    Map<String, String> env = new LinkedHashMap<>();
    if (environment != null) {
      for (Map.Entry<String, String> e : environment.entrySet()) {
        Shell.envName(e.getKey(), "environment");
        if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
          throw new InvalidRequestException(
              "environment." + e.getKey(), "must be text without NUL");
        }
        env.put(e.getKey(), e.getValue());
      }
    }
    environment = Collections.unmodifiableMap(env);
    path(workingDirectory, "workingDirectory");
    path(stdout, "stdout");
    path(stderr, "stderr");
  }

  private static void word(String v, String field) {
    if (v != null && !WORD.matcher(v).matches()) {
      throw new InvalidRequestException(
          field, "must be letters, digits, '.', '_', '+' or '-', was '" + Shell.printable(v) + "'");
    }
  }

  private static void nonNegative(long v, String field) {
    if (v < 0) {
      throw new InvalidRequestException(field, "must not be negative, was " + v);
    }
  }

  private static void path(String v, String field) {
    if (v != null) {
      if (v.isBlank()) {
        throw new InvalidRequestException(field, "must not be blank");
      }
      Shell.oneLine(v, field);
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
   * Builds a spec in one expression.
   *
   * @param config sets the fields
   * @return the spec
   */
  public static JobSpec of(Consumer<Builder> config) {
    Builder b = new Builder();
    config.accept(b);
    return b.build();
  }

  /**
   * A builder with this spec's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.script = script;
    b.command = new ArrayList<>(command);
    b.partition = partition;
    b.account = account;
    b.qos = qos;
    b.timeLimit = timeLimit;
    b.nodes = nodes;
    b.tasks = tasks;
    b.cpusPerTask = cpusPerTask;
    b.memoryPerNodeMb = memoryPerNodeMb;
    b.memoryPerCpuMb = memoryPerCpuMb;
    b.gpus = gpus;
    b.gres = gres;
    b.array = array;
    b.dependencies = new ArrayList<>(dependencies);
    b.environment = new LinkedHashMap<>(environment);
    b.workingDirectory = workingDirectory;
    b.stdout = stdout;
    b.stderr = stderr;
    b.hold = hold;
    return b;
  }

  /**
   * The time limit in whole minutes, rounded up.
   *
   * @return the minutes, if a limit is set
   */
  public Optional<Long> timeLimitMinutes() {
    return Optional.ofNullable(timeLimit).map(d -> (d.toSeconds() + 59) / 60);
  }

  /**
   * The batch script that runs: {@link #script()} or one generated for {@link #command()}, with
   * the environment as quoted {@code export} lines after the {@code #!} and {@code #SBATCH}
   * header (so that SLURM still reads the header).
   *
   * @return the script text
   */
  public String batchScript() {
    String body = script != null ? script : "#!/bin/sh\n" + Shell.join(command, "command") + "\n";
    if (!body.startsWith("#!")) {
      body = "#!/bin/sh\n" + body;
    }
    if (environment.isEmpty()) {
      return body;
    }
    StringBuilder exports = new StringBuilder();
    for (Map.Entry<String, String> e : environment.entrySet()) {
      exports.append("export ").append(e.getKey()).append('=')
          .append(Shell.quote(e.getValue(), "environment." + e.getKey())).append('\n');
    }
    String[] lines = body.split("\n", -1);
    int insertAt = 1;
    while (insertAt < lines.length
        && (lines[insertAt].isBlank() || lines[insertAt].stripLeading().startsWith("#"))) {
      insertAt++;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i == insertAt) {
        sb.append(exports);
      }
      sb.append(lines[i]);
      if (i < lines.length - 1) {
        sb.append('\n');
      }
    }
    if (insertAt >= lines.length) {
      if (!body.endsWith("\n")) {
        sb.append('\n');
      }
      sb.append(exports);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "JobSpec[name=" + name + ", " + (script != null ? "script (" + script.length() + " chars)"
        : "command=" + command.getFirst() + " (+" + (command.size() - 1) + " args)")
        + ", partition=" + partition + ", environment=" + environment.keySet() + "]";
  }

  /**
   * Builds a {@link JobSpec}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String name;
    private String script;
    private List<String> command = new ArrayList<>();
    private String partition;
    private String account;
    private String qos;
    private Duration timeLimit;
    private int nodes;
    private int tasks;
    private int cpusPerTask;
    private long memoryPerNodeMb;
    private long memoryPerCpuMb;
    private int gpus;
    private String gres;
    private String array;
    private List<JobDependency> dependencies = new ArrayList<>();
    private Map<String, String> environment = new LinkedHashMap<>();
    private String workingDirectory;
    private String stdout;
    private String stderr;
    private boolean hold;

    private Builder() {}

    /**
     * The job name.
     *
     * @param name one line of text
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The batch script (replaces a command).
     *
     * @param script the script, {@code #!} line optional
     * @return this builder
     */
    public Builder script(String script) {
      this.script = script;
      this.command = new ArrayList<>();
      return this;
    }

    /**
     * The program and arguments to run (replaces a script); each is quoted.
     *
     * @param argv the program, then its arguments
     * @return this builder
     */
    public Builder command(String... argv) {
      return command(List.of(argv));
    }

    /**
     * The program and arguments to run (replaces a script); each is quoted.
     *
     * @param argv the program, then its arguments
     * @return this builder
     */
    public Builder command(List<String> argv) {
      this.command = new ArrayList<>(argv);
      this.script = null;
      return this;
    }

    /**
     * The partition.
     *
     * @param partition the name
     * @return this builder
     */
    public Builder partition(String partition) {
      this.partition = partition;
      return this;
    }

    /**
     * The account to charge.
     *
     * @param account the account
     * @return this builder
     */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /**
     * The quality of service.
     *
     * @param qos the QOS name
     * @return this builder
     */
    public Builder qos(String qos) {
      this.qos = qos;
      return this;
    }

    /**
     * The time limit (whole minutes, rounded up).
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder timeLimit(Duration limit) {
      this.timeLimit = limit;
      return this;
    }

    /**
     * The number of nodes.
     *
     * @param nodes the count
     * @return this builder
     */
    public Builder nodes(int nodes) {
      this.nodes = nodes;
      return this;
    }

    /**
     * The number of tasks.
     *
     * @param tasks the count
     * @return this builder
     */
    public Builder tasks(int tasks) {
      this.tasks = tasks;
      return this;
    }

    /**
     * CPUs per task.
     *
     * @param cpus the count
     * @return this builder
     */
    public Builder cpusPerTask(int cpus) {
      this.cpusPerTask = cpus;
      return this;
    }

    /**
     * Memory per node in MB.
     *
     * @param mb the memory
     * @return this builder
     */
    public Builder memoryPerNodeMb(long mb) {
      this.memoryPerNodeMb = mb;
      return this;
    }

    /**
     * Memory per CPU in MB.
     *
     * @param mb the memory
     * @return this builder
     */
    public Builder memoryPerCpuMb(long mb) {
      this.memoryPerCpuMb = mb;
      return this;
    }

    /**
     * GPUs for the job.
     *
     * @param gpus the count
     * @return this builder
     */
    public Builder gpus(int gpus) {
      this.gpus = gpus;
      return this;
    }

    /**
     * Generic resources, e.g. {@code gpu:a100:2}.
     *
     * @param gres the specification
     * @return this builder
     */
    public Builder gres(String gres) {
      this.gres = gres;
      return this;
    }

    /**
     * Makes this a job array.
     *
     * @param indices e.g. {@code 0-9} or {@code 1,3,5%2}
     * @return this builder
     */
    public Builder array(String indices) {
      this.array = indices;
      return this;
    }

    /**
     * Adds a dependency.
     *
     * @param dependency the dependency
     * @return this builder
     */
    public Builder dependency(JobDependency dependency) {
      this.dependencies.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    /**
     * Sets an environment variable in the job.
     *
     * @param name the name
     * @param value the value (any text without NUL)
     * @return this builder
     */
    public Builder env(String name, String value) {
      this.environment.put(name, value);
      return this;
    }

    /**
     * Sets environment variables in the job.
     *
     * @param env the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> env) {
      this.environment.putAll(env);
      return this;
    }

    /**
     * The working directory.
     *
     * @param dir the directory on the cluster
     * @return this builder
     */
    public Builder workingDirectory(String dir) {
      this.workingDirectory = dir;
      return this;
    }

    /**
     * The standard output file.
     *
     * @param path the path ({@code %j} expands to the job id)
     * @return this builder
     */
    public Builder stdout(String path) {
      this.stdout = path;
      return this;
    }

    /**
     * The standard error file.
     *
     * @param path the path
     * @return this builder
     */
    public Builder stderr(String path) {
      this.stderr = path;
      return this;
    }

    /**
     * Submits the job held (it starts only after {@code scontrol release}).
     *
     * @param hold true to hold
     * @return this builder
     */
    public Builder hold(boolean hold) {
      this.hold = hold;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the spec
     * @throws InvalidRequestException naming the first bad field
     */
    public JobSpec build() {
      return new JobSpec(name, script, command, partition, account, qos, timeLimit, nodes, tasks,
          cpusPerTask, memoryPerNodeMb, memoryPerCpuMb, gpus, gres, array, dependencies,
          environment, workingDirectory, stdout, stderr, hold);
    }
  }
}

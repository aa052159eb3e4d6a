package de.denbi.spe.compute.slurm;

import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Snakemake or Nextflow workflow run as one SLURM batch job, the way WESkit's
 * {@code ssh_slurm} executor runs it: the engine is started on a compute node in the run's
 * directory with the workflow, its config file, config values and engine parameters. Every
 * value becomes one quoted argument of the engine.
 *
 * <pre>{@code
 * WorkflowJob wf = WorkflowJob.builder(WorkflowJob.Engine.SNAKEMAKE)
 *     .name("variant-calling")
 *     .workflow("/data/wf/Snakefile")
 *     .workingDirectory("/data/runs/run-42")
 *     .configFile("/data/runs/run-42/config.yaml")
 *     .config("sample", "NA12878")
 *     .cores(4)
 *     .engineParameter("--keep-going")
 *     .build();
 * String jobId = slurm.submit(wf.toJobSpec());
 * }</pre>
 *
 * @param engine the workflow engine
 * @param name the SLURM job name
 * @param workflow the Snakefile or Nextflow script (path on the cluster)
 * @param workingDirectory the run's directory on the cluster (outputs, logs)
 * @param configFile a config (Snakemake) or params (Nextflow) file, or null
 * @param config config values ({@code --config k=v} / {@code --k v})
 * @param engineParameters further engine arguments, e.g. {@code --keep-going}
 * @param cores cores for the engine ({@code --cores}) and the job ({@code --cpus-per-task})
 * @param partition the partition, or null
 * @param timeLimit the time limit, or null
 * @param memoryMb memory of the job in MB, 0 for the default
 * @param environment environment variables of the job
 * @since 0.1.0
 */
public record WorkflowJob(
    Engine engine,
    String name,
    String workflow,
    String workingDirectory,
    String configFile,
    Map<String, String> config,
    List<String> engineParameters,
    int cores,
    String partition,
    Duration timeLimit,
    long memoryMb,
    Map<String, String> environment) {

  private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

  /** A workflow engine. */
  public enum Engine {
    /** Snakemake ({@code snakemake}). */
    SNAKEMAKE,
    /** Nextflow ({@code nextflow run}). */
    NEXTFLOW
  }

  /** Validates the fields. */
  public WorkflowJob {
    Objects.requireNonNull(engine, "engine");
    if (workflow == null || workflow.isBlank()) {
      throw new InvalidRequestException("workflow", "the Snakefile or Nextflow script path is required");
    }
    Shell.oneLine(workflow, "workflow");
    if (workingDirectory == null || workingDirectory.isBlank()) {
      throw new InvalidRequestException("workingDirectory", "is required");
    }
    Shell.oneLine(workingDirectory, "workingDirectory");
    if (configFile != null) {
      Shell.oneLine(configFile, "configFile");
    }
    config = Map.copyOf(new LinkedHashMap<>(config == null ? Map.of() : config));
    for (Map.Entry<String, String> e : config.entrySet()) {
      if (!CONFIG_KEY.matcher(e.getKey()).matches()) {
        throw new InvalidRequestException("config", "keys are letters, digits, '_', '.', '-', was '"
            + Shell.printable(e.getKey()) + "'");
      }
      if (e.getValue() == null || e.getValue().indexOf('\0') >= 0 || e.getValue().indexOf('\n') >= 0) {
        throw new InvalidRequestException("config." + e.getKey(), "must be one line of text");
      }
    }
    engineParameters = List.copyOf(engineParameters == null ? List.of() : engineParameters);
    for (int i = 0; i < engineParameters.size(); i++) {
      String p = engineParameters.get(i);
      if (p == null || p.indexOf('\0') >= 0) {
        throw new InvalidRequestException("engineParameters[" + i + "]", "must be text without NUL");
      }
    }
    if (cores < 1) {
      throw new InvalidRequestException("cores", "must be at least 1, was " + cores);
    }
    if (name == null) {
      name = engine.name().toLowerCase(java.util.Locale.ROOT) + "-workflow";
    }
    environment = Map.copyOf(environment == null ? Map.of() : environment);
  }

  /**
   * A new builder.
   *
   * @param engine the engine
   * @return the builder
   */
  public static Builder builder(Engine engine) {
    return new Builder(engine);
  }

  /**
   * The engine's command line, one argument per element.
   *
   * @return the arguments, starting with the program
   */
  public List<String> command() {
    List<String> a = new ArrayList<>();
    if (engine == Engine.SNAKEMAKE) {
      a.add("snakemake");
      a.add("--snakefile");
      a.add(workflow);
      a.add("--directory");
      a.add(workingDirectory);
      a.add("--cores");
      a.add(Integer.toString(cores));
      if (configFile != null) {
        a.add("--configfile");
        a.add(configFile);
      }
      if (!config.isEmpty()) {
        a.add("--config");
        config.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> a.add(e.getKey() + "=" + e.getValue()));
      }
      a.addAll(engineParameters);
    } else {
      a.add("nextflow");
      a.add("run");
      a.add(workflow);
      a.add("-work-dir");
      a.add(workingDirectory + "/work");
      if (configFile != null) {
        a.add("-params-file");
        a.add(configFile);
      }
      config.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        a.add("--" + e.getKey());
        a.add(e.getValue());
      });
      a.addAll(engineParameters);
    }
    return a;
  }

  /**
   * The SLURM job that runs the workflow: the engine in the run's directory, output in
   * {@code slurm-<jobid>.out} there.
   *
   * @return the job
   */
  public JobSpec toJobSpec() {
    JobSpec.Builder b = JobSpec.builder().name(name).command(command()).cpusPerTask(cores)
        .workingDirectory(workingDirectory).stdout(workingDirectory + "/slurm-%j.out")
        .environment(environment);
    if (engine == Engine.NEXTFLOW) {
      b.env("NXF_ANSI_LOG", "false");
    }
    if (partition != null) {
      b.partition(partition);
    }
    if (timeLimit != null) {
      b.timeLimit(timeLimit);
    }
    if (memoryMb > 0) {
      b.memoryPerNodeMb(memoryMb);
    }
    return b.build();
  }

  /**
   * Builds a {@link WorkflowJob}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Engine engine;
    private String name;
    private String workflow;
    private String workingDirectory;
    private String configFile;
    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<String> engineParameters = new ArrayList<>();
    private int cores = 1;
    private String partition;
    private Duration timeLimit;
    private long memoryMb;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * The job name.
     *
     * @param name one line
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The Snakefile or Nextflow script on the cluster.
     *
     * @param path the path
     * @return this builder
     */
    public Builder workflow(String path) {
      this.workflow = path;
      return this;
    }

    /**
     * The run's directory on the cluster.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder workingDirectory(String dir) {
      this.workingDirectory = dir;
      return this;
    }

    /**
     * The config (Snakemake) or params (Nextflow) file on the cluster.
     *
     * @param path the path
     * @return this builder
     */
    public Builder configFile(String path) {
      this.configFile = path;
      return this;
    }

    /**
     * A config value.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder config(String key, String value) {
      this.config.put(key, value);
      return this;
    }

    /**
     * A further engine argument.
     *
     * @param parameter e.g. {@code --keep-going}
     * @return this builder
     */
    public Builder engineParameter(String parameter) {
      this.engineParameters.add(parameter);
      return this;
    }

    /**
     * Cores for the engine and the job (default 1).
     *
     * @param cores the count
     * @return this builder
     */
    public Builder cores(int cores) {
      this.cores = cores;
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
     * The time limit.
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder timeLimit(Duration limit) {
      this.timeLimit = limit;
      return this;
    }

    /**
     * Memory of the job in MB.
     *
     * @param mb the memory
     * @return this builder
     */
    public Builder memoryMb(long mb) {
      this.memoryMb = mb;
      return this;
    }

    /**
     * An environment variable of the job.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder env(String name, String value) {
      this.environment.put(name, value);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the workflow job
     */
    public WorkflowJob build() {
      return new WorkflowJob(engine, name, workflow, workingDirectory, configFile, config,
          engineParameters, cores, partition, timeLimit, memoryMb, environment);
    }
  }
}

package de.denbi.spe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link WesGetRunBenchmark} with JMH, writes JMH's JSON result and prints both paths side
 * by side with the ratio spe-core / raw OkHttp + Jackson.
 *
 * <pre>
 * java -cp target/benchmarks.jar de.denbi.spe.benchmarks.RunBenchmarks [JMH options]
 * java -cp target/benchmarks.jar de.denbi.spe.benchmarks.RunBenchmarks --report target/jmh-result.json
 * </pre>
 *
 * <p>Without options it runs the benchmark as annotated (1 fork, 5 warm-up and 5 measured
 * iterations, about a minute), with JMH's GC profiler for bytes allocated per call, and writes
 * {@code target/jmh-result.json}. Any JMH command-line option ({@code -f}, {@code -wi},
 * {@code -i}, {@code -prof}, {@code -rff}, ...) is passed on. {@code --report FILE} only prints
 * the table of an existing result.
 */
public final class RunBenchmarks {
  /** The benchmark measured through spe-core. */
  public static final String CANDIDATE = "speCore";

  /** The baseline: raw OkHttp + Jackson. */
  public static final String BASELINE = "rawOkHttp";

  private RunBenchmarks() {}

  /**
   * Runs the benchmark and prints the comparison.
   *
   * @param args JMH options, or {@code --report FILE}
   * @throws Exception if JMH fails or its result cannot be read
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--report")) {
      report(Path.of(args[1]));
      return;
    }
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println(
          "usage: RunBenchmarks [JMH options]   run, write target/jmh-result.json, print the ratio\n"
              + "       RunBenchmarks --report FILE   print the ratio of an existing JMH JSON result\n"
              + "JMH's own options: java -jar target/benchmarks.jar -h");
      return;
    }
    Path file = run(args);
    report(file);
  }

  private static Path run(String[] args)
      throws CommandLineOptionException, RunnerException, IOException {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder opts = new OptionsBuilder().parent(cli);
    if (cli.getIncludes().isEmpty()) {
      opts.include(WesGetRunBenchmark.class.getName() + "\\.");
    }
    if (cli.getProfilers().isEmpty()) {
      opts.addProfiler(GCProfiler.class);
    }
    Path file = Path.of(cli.getResult().orElse("target/jmh-result.json"));
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    opts.resultFormat(cli.getResultFormat().orElse(ResultFormatType.JSON))
        .result(file.toString());
    if (cli.getResultFormat().hasValue() && cli.getResultFormat().get() != ResultFormatType.JSON) {
      throw new IllegalArgumentException("the report needs -rf json");
    }
    new Runner(opts.build()).run();
    return file;
  }

  private static void report(Path file) throws IOException {
    JmhReport.Comparison cmp = JmhReport.compare(JmhReport.read(file), CANDIDATE, BASELINE);
    System.out.println();
    System.out.println(
        "WES GET /ga4gh/wes/v1/runs/{id} + decode of a " + WesServer.runLogJson().length
            + "-byte RunLog, spe-core vs raw OkHttp + Jackson (" + file + "):");
    System.out.print(JmhReport.table(cmp));
  }
}

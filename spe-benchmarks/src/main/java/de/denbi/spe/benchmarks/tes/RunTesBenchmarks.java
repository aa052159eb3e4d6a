package de.denbi.spe.benchmarks.tes;

import de.denbi.spe.benchmarks.JmhReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The TES benchmarks: {@code get} runs {@link TesGetTaskBenchmark} with JMH and prints the ratio
 * TES client / raw OkHttp + Jackson; {@code interleaved} measures the same ratio with both ways
 * alternating in one process ({@link TesOverheadInterleaved}); {@code await} runs {@link
 * TesAwaitManyBenchmark}; {@code all} (default) all three.
 *
 * <pre>
 * java -cp target/benchmarks.jar de.denbi.spe.benchmarks.tes.RunTesBenchmarks [get|interleaved|await|all] [JMH options | rounds calls]
 * </pre>
 */
public final class RunTesBenchmarks {
  private RunTesBenchmarks() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code get}, {@code await} or {@code all}, then JMH options for {@code get}
   * @throws Exception if a benchmark fails
   */
  public static void main(String[] args) throws Exception {
    String what = args.length > 0 && !args[0].startsWith("-") ? args[0] : "all";
    String[] rest = args.length > 0 && !args[0].startsWith("-") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    if (what.equals("get") || what.equals("all")) {
      CommandLineOptions cli = new CommandLineOptions(rest);
      ChainedOptionsBuilder opts = new OptionsBuilder().parent(cli);
      if (cli.getIncludes().isEmpty()) {
        opts.include(TesGetTaskBenchmark.class.getName() + "\\.");
      }
      if (cli.getProfilers().isEmpty()) {
        opts.addProfiler(GCProfiler.class);
      }
      Path file = Path.of(cli.getResult().orElse("target/jmh-tes-result.json"));
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      opts.resultFormat(ResultFormatType.JSON).result(file.toString());
      new Runner(opts.build()).run();
      JmhReport.Comparison cmp = JmhReport.compare(JmhReport.read(file), "tesClient", "rawOkHttp");
      System.out.println();
      System.out.println("TES GET /ga4gh/tes/v1/tasks/{id}?view=BASIC + decode of a " + TesBenchServer.taskJson().length
          + "-byte task, TesClient vs raw OkHttp + Jackson (" + file + "):");
      System.out.print(JmhReport.table(cmp));
    }
    if (what.equals("interleaved") || what.equals("all")) {
      TesOverheadInterleaved.main(rest.length > 0 && !rest[0].startsWith("-") ? rest : new String[0]);
    }
    if (what.equals("await") || what.equals("all")) {
      TesAwaitManyBenchmark.main(new String[0]);
    }
  }
}

package de.denbi.spe.benchmarks.auth;

import de.denbi.spe.benchmarks.JmhReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the spe-auth benchmarks (about 75 s) with JMH's GC profiler, writes {@code
 * target/jmh-auth.json}, and prints both comparisons: spe-auth's validator vs plain Nimbus, and
 * 1,000 callers at expiry vs one caller.
 */
public final class RunAuthBenchmarks {
  private RunAuthBenchmarks() {}

  /**
   * Runs and reports.
   *
   * @param args JMH options, or {@code --report FILE}
   * @throws Exception if JMH fails
   */
  public static void main(String[] args) throws Exception {
    Path file;
    if (args.length == 2 && args[0].equals("--report")) {
      file = Path.of(args[1]);
    } else {
      CommandLineOptions cli = new CommandLineOptions(args);
      ChainedOptionsBuilder opts = new OptionsBuilder().parent(cli);
      if (cli.getIncludes().isEmpty()) {
        opts.include(JwtValidationBenchmark.class.getName() + "\\.")
            .include(SingleFlightRefreshBenchmark.class.getName() + "\\.");
      }
      if (cli.getProfilers().isEmpty()) {
        opts.addProfiler(GCProfiler.class);
      }
      file = Path.of(cli.getResult().orElse("target/jmh-auth.json"));
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      opts.resultFormat(ResultFormatType.JSON).result(file.toString());
      new Runner(opts.build()).run();
    }
    report(file);
  }

  static void report(Path file) throws IOException {
    var results = JmhReport.read(file);
    System.out.println();
    System.out.println("RS256 access token, warm JWKS cache: spe-auth JwtValidator vs Nimbus"
        + " DefaultJWTProcessor (target: throughput >= 0.9 x Nimbus, time ratio <= 1.11):");
    JmhReport.Comparison v = JmhReport.compare(results, "speAuthValidator", "nimbusProcessor");
    System.out.print(JmhReport.table(v));
    System.out.printf("throughput ratio speAuthValidator/nimbusProcessor = %.3f%n", 1 / v.ratio());
    System.out.println();
    System.out.println("Single-flight refresh: " + SingleFlightRefreshBenchmark.CALLERS
        + " virtual threads at expiry (1 refresh, checked) vs one caller:");
    System.out.print(JmhReport.table(
        JmhReport.compare(results, "thousandCallersAtExpiry", "oneCallerOneRefresh")));
  }
}

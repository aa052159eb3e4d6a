package de.denbi.spe.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads JMH's JSON result ({@code -rf json}) and compares a candidate benchmark with a baseline:
 * the ratio of their time per operation and the absolute overhead per call.
 */
public final class JmhReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JmhReport() {}

  /**
   * One benchmark's primary result, plus the allocation per operation if JMH's GC profiler ran.
   *
   * @param benchmark the full benchmark name ({@code package.Class.method})
   * @param mode JMH's mode ({@code avgt}, {@code thrpt}, {@code sample}, {@code ss})
   * @param score the score
   * @param error the 99.9% confidence half-width (NaN when JMH could not compute one)
   * @param unit the score's unit, e.g. {@code us/op} or {@code ops/us}
   * @param allocBytesPerOp {@code gc.alloc.rate.norm} in B/op, NaN without {@code -prof gc}
   */
  public record Result(
      String benchmark, String mode, double score, double error, String unit,
      double allocBytesPerOp) {

    /**
     * The benchmark method's name.
     *
     * @return the part after the last dot
     */
    public String method() {
      return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * Whether a higher score is better (throughput), so time per op is its inverse.
     *
     * @return true for {@code thrpt}
     */
    public boolean isThroughput() {
      return "thrpt".equals(mode);
    }

    /**
     * Time per operation.
     *
     * @return the score, or its inverse for throughput
     */
    public double timePerOp() {
      return isThroughput() ? 1 / score : score;
    }

    /**
     * The error of {@link #timePerOp()}.
     *
     * @return the error, propagated through the inverse for throughput
     */
    public double timePerOpError() {
      return isThroughput() ? error / (score * score) : error;
    }

    /**
     * The unit of {@link #timePerOp()}.
     *
     * @return e.g. {@code us/op}
     */
    public String timeUnit() {
      if (isThroughput() && unit.startsWith("ops/")) {
        return unit.substring("ops/".length()) + "/op";
      }
      return unit;
    }
  }

  /**
   * A candidate compared with a baseline.
   *
   * @param candidate e.g. the spe-core path
   * @param baseline e.g. raw OkHttp + Jackson
   * @param ratio candidate time per op / baseline time per op
   * @param ratioError its error, from both relative errors (NaN if either is unknown)
   * @param overhead candidate minus baseline time per op, in {@link Result#timeUnit()}
   * @param overheadError its error
   */
  public record Comparison(
      Result candidate, Result baseline, double ratio, double ratioError, double overhead,
      double overheadError) {}

  /**
   * Reads a JMH JSON result file.
   *
   * @param file the file ({@code -rff})
   * @return its results, in file order
   * @throws IOException if it cannot be read or is not JMH's JSON
   */
  public static List<Result> read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /**
   * Parses JMH's JSON result.
   *
   * @param json the file's text
   * @return its results, in order
   * @throws IOException if it is not JMH's JSON
   */
  public static List<Result> parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isArray()) {
      throw new IOException("not a JMH JSON result (expected an array of benchmarks)");
    }
    List<Result> out = new ArrayList<>();
    for (JsonNode b : root) {
      JsonNode primary = b.path("primaryMetric");
      if (!b.hasNonNull("benchmark") || !primary.hasNonNull("score")) {
        throw new IOException("not a JMH JSON result (a benchmark without a primary score)");
      }
      double alloc = Double.NaN;
      for (var m : b.path("secondaryMetrics").properties()) {
        // JMH up to 1.35 prefixed profiler metrics with a middle dot
        if (m.getKey().replace("\u00b7", "").equals("gc.alloc.rate.norm")) {
          alloc = number(m.getValue().path("score"));
        }
      }
      out.add(
          new Result(
              b.get("benchmark").asText(),
              b.path("mode").asText(),
              number(primary.get("score")),
              number(primary.path("scoreError")),
              primary.path("scoreUnit").asText(),
              alloc));
    }
    return out;
  }

  // JMH writes NaN and infinities as strings
  private static double number(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Double.NaN;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Compares two benchmarks of a result by method name.
   *
   * @param results the results
   * @param candidate the candidate's method name, e.g. {@code speCore}
   * @param baseline the baseline's method name, e.g. {@code rawOkHttp}
   * @return the comparison
   * @throws IllegalArgumentException if either is missing, or they differ in mode or unit
   */
  public static Comparison compare(List<Result> results, String candidate, String baseline) {
    Result c = find(results, candidate);
    Result b = find(results, baseline);
    if (!c.mode().equals(b.mode()) || !c.unit().equals(b.unit())) {
      throw new IllegalArgumentException(
          "cannot compare " + c.mode() + " in " + c.unit() + " with " + b.mode() + " in "
              + b.unit());
    }
    double tc = c.timePerOp();
    double tb = b.timePerOp();
    double ec = c.timePerOpError();
    double eb = b.timePerOpError();
    double ratio = tc / tb;
    double ratioError = ratio * Math.hypot(ec / tc, eb / tb);
    return new Comparison(c, b, ratio, ratioError, tc - tb, Math.hypot(ec, eb));
  }

  private static Result find(List<Result> results, String method) {
    return results.stream()
        .filter(r -> r.method().equals(method))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no benchmark named " + method + " in the result"));
  }

  /**
   * A side-by-side table of both benchmarks and the ratio, as plain text.
   *
   * @param cmp the comparison
   * @return the table, lines ended by {@code \n}
   */
  public static String table(Comparison cmp) {
    Result c = cmp.candidate();
    Result b = cmp.baseline();
    String unit = c.timeUnit();
    boolean alloc = !Double.isNaN(c.allocBytesPerOp()) && !Double.isNaN(b.allocBytesPerOp());
    StringBuilder sb = new StringBuilder();
    String head = String.format(
        Locale.ROOT, "%-12s %-6s %14s %10s", "benchmark", "mode", "time (" + unit + ")", "± error");
    sb.append(head).append(alloc ? String.format(Locale.ROOT, " %14s", "alloc (B/op)") : "")
        .append('\n');
    for (Result r : List.of(b, c)) {
      sb.append(String.format(Locale.ROOT, "%-12s %-6s %14.3f %10s",
          r.method(), r.mode(), r.timePerOp(), fmt(r.timePerOpError(), 3)));
      if (alloc) {
        sb.append(String.format(Locale.ROOT, " %,14.0f", r.allocBytesPerOp()));
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "ratio %s/%s = %.3f ± %s%n",
        c.method(), b.method(), cmp.ratio(), fmt(cmp.ratioError(), 3)));
    sb.append(String.format(Locale.ROOT, "overhead per call = %+.3f ± %s %s",
        cmp.overhead(), fmt(cmp.overheadError(), 3), unit));
    if (alloc) {
      sb.append(String.format(Locale.ROOT, ", %+,.0f B allocated",
          c.allocBytesPerOp() - b.allocBytesPerOp()));
    }
    return sb.append('\n').toString();
  }

  private static String fmt(double v, int digits) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}

package de.denbi.spe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhReportTest {

  private static String sample() throws IOException {
    try (InputStream in = JmhReportTest.class.getResourceAsStream("sample-jmh-result.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsJmhJson() throws IOException {
    List<JmhReport.Result> results = JmhReport.parse(sample());

    assertThat(results).hasSize(2);
    JmhReport.Result raw = results.get(0);
    assertThat(raw.method()).isEqualTo("rawOkHttp");
    assertThat(raw.mode()).isEqualTo("avgt");
    assertThat(raw.score()).isEqualTo(80.0);
    assertThat(raw.error()).isEqualTo(3.0);
    assertThat(raw.unit()).isEqualTo("us/op");
    assertThat(raw.allocBytesPerOp()).isEqualTo(21000.0);
    // the pre-1.36 metric name with a middle dot is read too
    assertThat(results.get(1).allocBytesPerOp()).isEqualTo(24500.0);
  }

  @Test
  void ratioIsSpeCoreOverRawWithPropagatedError() throws IOException {
    JmhReport.Comparison cmp =
        JmhReport.compare(JmhReport.parse(sample()), "speCore", "rawOkHttp");

    assertThat(cmp.ratio()).isEqualTo(1.25, within(1e-12));
    // 1.25 * sqrt((4/100)^2 + (3/80)^2)
    assertThat(cmp.ratioError()).isEqualTo(1.25 * Math.hypot(0.04, 0.0375), within(1e-12));
    assertThat(cmp.overhead()).isEqualTo(20.0, within(1e-12));
    assertThat(cmp.overheadError()).isEqualTo(5.0, within(1e-12));

    String table = JmhReport.table(cmp);
    assertThat(table)
        .contains("ratio speCore/rawOkHttp = 1.250 ± 0.069")
        .contains("overhead per call = +20.000 ± 5.000 us/op, +3,500 B allocated")
        .contains("21,000")
        .contains("24,500");
    // baseline first, then the candidate
    assertThat(table.indexOf("rawOkHttp ")).isLessThan(table.indexOf("speCore "));
  }

  @Test
  void throughputIsTurnedIntoTimePerCall() throws IOException {
    String json =
        """
        [ {"benchmark": "x.B.rawOkHttp", "mode": "thrpt",
           "primaryMetric": {"score": 0.02, "scoreError": "NaN", "scoreUnit": "ops/us"}},
          {"benchmark": "x.B.speCore", "mode": "thrpt",
           "primaryMetric": {"score": 0.016, "scoreError": "NaN", "scoreUnit": "ops/us"}} ]
        """;
    JmhReport.Comparison cmp = JmhReport.compare(JmhReport.parse(json), "speCore", "rawOkHttp");

    // 50 us/op vs 62.5 us/op
    assertThat(cmp.ratio()).isEqualTo(1.25, within(1e-9));
    assertThat(cmp.overhead()).isEqualTo(12.5, within(1e-9));
    assertThat(cmp.ratioError()).isNaN();
    assertThat(cmp.candidate().timeUnit()).isEqualTo("us/op");
    assertThat(JmhReport.table(cmp)).contains("= 1.250 ± n/a").doesNotContain("alloc");
  }

  @Test
  void refusesToCompareWhatCannotBeCompared() {
    String mixed =
        """
        [ {"benchmark": "x.B.rawOkHttp", "mode": "avgt",
           "primaryMetric": {"score": 1, "scoreError": 0, "scoreUnit": "us/op"}},
          {"benchmark": "x.B.speCore", "mode": "avgt",
           "primaryMetric": {"score": 1, "scoreError": 0, "scoreUnit": "ms/op"}} ]
        """;
    assertThatThrownBy(() -> JmhReport.compare(JmhReport.parse(mixed), "speCore", "rawOkHttp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("us/op");
    assertThatThrownBy(() -> JmhReport.compare(JmhReport.parse(mixed), "speCore", "nope"))
        .hasMessageContaining("no benchmark named nope");
    assertThatThrownBy(() -> JmhReport.parse("{\"a\":1}")).isInstanceOf(IOException.class);
  }
}

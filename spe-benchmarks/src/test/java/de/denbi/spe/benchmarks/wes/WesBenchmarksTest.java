package de.denbi.spe.benchmarks.wes;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.wes.RunState;
import de.denbi.spe.wes.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class WesBenchmarksTest {

  @Test
  void bothStatusPathsDecodeTheSameRun() throws Exception {
    WesClientStatusBenchmark b = new WesClientStatusBenchmark();
    b.setUp();
    try {
      for (int i = 0; i < 5; i++) {
        RunStatus spe = (RunStatus) b.speCore();
        WesClientStatusBenchmark.RawStatus raw = (WesClientStatusBenchmark.RawStatus) b.rawOkHttp();
        assertThat(raw.run_id()).isEqualTo(spe.runId()).isNotBlank();
        assertThat(spe.state()).isNotEqualTo(RunState.UNKNOWN);
        assertThat(RunState.valueOf(raw.state())).isNotNull();
      }
    } finally {
      b.tearDown();
    }
  }

  @Test
  void listingCountsEveryRunBothWays() throws Exception {
    List<WesScaleBenchmark.Result> r = WesScaleBenchmark.list(2_500);
    assertThat(r).hasSize(2);
    assertThat(r).allSatisfy(x -> assertThat(x.items()).isEqualTo(2_500));
    assertThat(r).allSatisfy(x -> assertThat(x.peak()).isPositive());
  }

  @Test
  void awaitingCompletesEveryRunBothWaysAndTheBaselineNeedsAThreadPerRun() throws Exception {
    List<WesScaleBenchmark.Result> r = WesScaleBenchmark.await(30);
    assertThat(r).extracting(WesScaleBenchmark.Result::items).containsExactly(30L, 30L);
    assertThat(r.get(1).peak()).isGreaterThanOrEqualTo(30);
    assertThat(r.get(0).peak()).isLessThan(r.get(1).peak());
  }
}

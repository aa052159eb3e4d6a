package de.denbi.spe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.benchmarks.wes.RunLog;
import de.denbi.spe.benchmarks.wes.State;
import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.SpeHttpClient;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both measured paths must succeed and decode the same reply into equal records. */
class WesGetRunBenchmarkTest {
  private final WesGetRunBenchmark bench = new WesGetRunBenchmark();

  @BeforeEach
  void start() throws Exception {
    bench.setUp();
  }

  @AfterEach
  void stop() {
    bench.tearDown();
  }

  @Test
  void bothPathsDecodeTheSameRunLog() throws Exception {
    RunLog viaSpe = bench.speCore();
    RunLog viaRaw = bench.rawOkHttp();

    assertThat(viaSpe).isEqualTo(viaRaw);
    // and the body was really decoded, not left as nulls on both sides
    assertThat(viaSpe.runId()).isEqualTo(WesServer.RUN_ID);
    assertThat(viaSpe.state()).isEqualTo(State.COMPLETE);
    assertThat(viaSpe.request().workflowType()).isEqualTo("SMK");
    assertThat(viaSpe.request().workflowParams()).containsEntry("threads", 4);
    assertThat(viaSpe.request().tags()).containsEntry("project", "spe-demo");
    assertThat(viaSpe.runLog().cmd()).startsWith("snakemake");
    assertThat(viaSpe.runLog().exitCode()).isZero();
    assertThat(viaSpe.taskLogs()).hasSize(5).allSatisfy(t -> {
      assertThat(t.id()).isNotBlank();
      assertThat(t.cmd()).isNotEmpty();
      assertThat(t.exitCode()).isZero();
    });
    assertThat(viaSpe.taskLogs().get(4).name()).isEqualTo("plot_quals");
    assertThat(viaSpe.outputs()).containsKeys("calls", "plot", "bams", "checksums");
  }

  @Test
  void repeatedCallsReuseTheConnectionAndStayEqual() throws Exception {
    RunLog first = bench.speCore();
    for (int i = 0; i < 20; i++) {
      assertThat(bench.speCore()).isEqualTo(first);
      assertThat(bench.rawOkHttp()).isEqualTo(first);
    }
  }

  @Test
  void theReplyIsWesSizedAndTheServerChecksTheToken() throws Exception {
    try (WesServer server = WesServer.start()) {
      assertThat(server.bodyBytes()).isBetween(2 * 1024, 4 * 1024);
      SpeHttpClient wrongToken =
          SpeHttpClient.builder()
              .serviceName("WES")
              .tokenSource(AccessTokenSource.of("not-the-bench-token"))
              .build();
      Assertions.assertThatThrownBy(
              () -> wrongToken.execute(wrongToken.get(server.runUrl()), RunLog.class))
          .isInstanceOf(UnauthorizedException.class);
    }
  }
}

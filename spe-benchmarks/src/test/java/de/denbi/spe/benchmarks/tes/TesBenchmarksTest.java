package de.denbi.spe.benchmarks.tes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.UnauthorizedException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.tes.TesClient;
import de.denbi.spe.tes.TesState;
import de.denbi.spe.tes.TesTask;
import de.denbi.spe.tes.TesView;
import org.junit.jupiter.api.Test;

class TesBenchmarksTest {

  @Test
  void bothPathsDecodeTheSameFullTask() throws Exception {
    TesGetTaskBenchmark b = new TesGetTaskBenchmark();
    b.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        TesTask viaClient = b.tesClient();
        TesTask viaRaw = b.rawOkHttp();
        assertThat(viaClient).isEqualTo(viaRaw);
        assertThat(viaClient.state()).isEqualTo(TesState.COMPLETE);
        assertThat(viaClient.executors()).hasSize(2);
        assertThat(viaClient.inputs()).hasSize(3);
        assertThat(viaClient.lastLog().get().outputs().get(0).sizeBytes()).isEqualTo(1_874_201_345L);
        assertThat(viaClient.resources().backendParameters()).containsEntry("VmSize", "de.NBI large");
      }
    } finally {
      b.tearDown();
    }
    assertThat(TesBenchServer.taskJson().length).isBetween(2000, 4000);
  }

  @Test
  void theServerRejectsAWrongTokenAndProgressesTasks() throws Exception {
    try (TesBenchServer s = TesBenchServer.start(0, 2, 3)) {
      TesClient wrong = TesClient.builder().baseUrl(s.rootUrl()).tokenSource(AccessTokenSource.of("nope")).build();
      assertThatThrownBy(wrong::baseUrl).isInstanceOf(UnauthorizedException.class);
      TesClient c = TesClient.builder().baseUrl(s.rootUrl()).tokenSource(AccessTokenSource.of(TesBenchServer.TOKEN)).build();
      String id = c.createTask(t -> t.executor(e -> e.image("a").command("b")));
      assertThat(c.getState(id)).isEqualTo(TesState.QUEUED);
      assertThat(c.getState(id)).isEqualTo(TesState.INITIALIZING);
      assertThat(c.getTask(id, TesView.MINIMAL).state()).isEqualTo(TesState.COMPLETE);
    }
  }

  @Test
  void theAwaitBenchmarkAwaitsEveryTaskBothWays() throws Exception {
    try (TesBenchServer s = TesBenchServer.start(0, 4, 3)) {
      for (String mode : new String[] {"sdk", "thread-per-task"}) {
        TesAwaitManyBenchmark.Outcome o = TesAwaitManyBenchmark.run(mode, s.rootUrl(), 40);
        assertThat(o.completed()).as(mode).isEqualTo(40);
        assertThat(o.peakPlatformThreads()).isPositive();
      }
      TesAwaitManyBenchmark.print(java.util.List.of(TesAwaitManyBenchmark.run("sdk", s.rootUrl(), 10)));
    }
  }
}

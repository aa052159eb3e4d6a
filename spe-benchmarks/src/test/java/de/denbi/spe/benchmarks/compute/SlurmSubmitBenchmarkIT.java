package de.denbi.spe.benchmarks.compute;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.SlurmCoordinates;
import org.junit.jupiter.api.Test;

/** The SLURM submit benchmark works end to end (a few jobs; the numbers come from its main). */
@RequiresLocalService(LocalService.SLURM)
class SlurmSubmitBenchmarkIT {
  @Test
  void allMethodsSubmitAndTheStatusOfAllComesBackInOneRoundTrip(SlurmCoordinates c) throws Exception {
    SlurmSubmitBenchmark.Result r = SlurmSubmitBenchmark.run(c, 10);
    assertThat(r.statusCount()).isEqualTo(40); // 4 methods x 10 jobs, all held, all seen
    assertThat(r.localLoop()).isPositive();
    assertThat(r.sdkPooled()).isPositive();
    assertThat(r.sshPerJob()).isPositive();
  }
}

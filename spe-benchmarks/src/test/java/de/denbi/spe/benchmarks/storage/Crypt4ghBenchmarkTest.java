package de.denbi.spe.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.storage.crypt4gh.Crypt4gh;
import org.junit.jupiter.api.Test;

/** The benchmark's operations do the work they claim (without timing anything). */
class Crypt4ghBenchmarkTest {
  @Test
  void eachOperationMovesTheWholeBuffer() throws Exception {
    Crypt4ghBenchmark b = new Crypt4ghBenchmark();
    b.size = 3 * 65_536 + 5;
    b.setUp();
    long header = 16 + 108;
    assertThat(b.encrypt()).isEqualTo(header + Crypt4gh.encryptedBodySize(b.size));
    assertThat(b.decrypt()).isEqualTo(b.size);
    assertThat(b.jdkCipherOnly()).isEqualTo(b.size + 4 * 16);
  }
}

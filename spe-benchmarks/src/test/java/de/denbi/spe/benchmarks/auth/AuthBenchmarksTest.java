package de.denbi.spe.benchmarks.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both validation paths accept the same token with the same claims; the fan-out makes one refresh. */
class AuthBenchmarksTest {

  @Test
  void bothValidatorsAgree() throws Exception {
    JwtValidationBenchmark b = new JwtValidationBenchmark();
    b.setUp();
    try {
      var spe = b.speAuthValidator();
      var nimbus = b.nimbusProcessor();
      assertThat(spe.subject()).isEqualTo(nimbus.getSubject());
      assertThat(spe.audience()).isEqualTo(nimbus.getAudience());
      assertThat(spe.expiresAt()).isEqualTo(nimbus.getExpirationTime().toInstant());
    } finally {
      b.tearDown();
    }
  }

  @Test
  void thousandCallersGetOneRefresh() throws Exception {
    SingleFlightRefreshBenchmark b = new SingleFlightRefreshBenchmark();
    b.providerMillis = 5;
    b.setUp();
    try {
      assertThat(b.thousandCallersAtExpiry().value()).startsWith("eyJ");
      assertThat(b.oneCallerOneRefresh().value()).startsWith("eyJ");
    } finally {
      b.tearDown();
    }
  }
}

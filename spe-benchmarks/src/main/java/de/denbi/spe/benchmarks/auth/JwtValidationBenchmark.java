package de.denbi.spe.benchmarks.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import de.denbi.spe.auth.JwtValidator;
import de.denbi.spe.auth.VerifiedJwt;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local validation of an RS256 access token with a warm JWKS cache, two ways:
 *
 * <ul>
 *   <li>{@link #speAuthValidator()}: spe-auth's {@link JwtValidator} (algorithm allow-list, key
 *       by kid from its cache, signature, iss, aud, exp, nbf), returning {@link VerifiedJwt};
 *   <li>{@link #nimbusProcessor()}: the baseline, plain Nimbus {@link DefaultJWTProcessor} with a
 *       {@link JWSVerificationKeySelector} over a cached {@code JWKSourceBuilder} source and a
 *       {@link DefaultJWTClaimsVerifier} for the same iss, aud and exp checks.
 * </ul>
 *
 * <p>Target: spe-auth's throughput at least 0.9 of Nimbus's, i.e. a time ratio of at most 1.11.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class JwtValidationBenchmark {
  private AuthBenchServer server;
  private String token;
  private JwtValidator spe;
  private DefaultJWTProcessor<SecurityContext> nimbus;

  /** For JMH. */
  public JwtValidationBenchmark() {}

  /**
   * Starts the provider, builds both validators and warms their key caches.
   *
   * @throws Exception if the server cannot start or a first validation fails
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = AuthBenchServer.start(java.time.Duration.ZERO);
    token = server.token(Instant.now().plusSeconds(24 * 3600));
    spe = JwtValidator.builder().issuer(server.issuer()).jwksUri(server.jwksUri())
        .audience(AuthBenchServer.AUDIENCE).build();
    nimbus = nimbusProcessor(server);
    speAuthValidator();
    nimbusProcessor();
  }

  static DefaultJWTProcessor<SecurityContext> nimbusProcessor(AuthBenchServer server)
      throws IOException {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(server.jwksUri().toURL())
        .build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        AuthBenchServer.AUDIENCE,
        new JWTClaimsSet.Builder().issuer(server.issuer().toString()).build(),
        Set.of("exp", "sub")));
    return p;
  }

  /** Stops the provider. */
  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
  }

  /**
   * spe-auth's validator.
   *
   * @return the verified claims
   */
  @Benchmark
  public VerifiedJwt speAuthValidator() {
    return spe.validate(token);
  }

  /**
   * Plain Nimbus.
   *
   * @return the verified claims
   * @throws Exception if Nimbus rejects the token (it does not)
   */
  @Benchmark
  public JWTClaimsSet nimbusProcessor() throws Exception {
    return nimbus.process(token, null);
  }
}

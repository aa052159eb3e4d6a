package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs small annotated test classes through the JUnit engine against fake env files and fake
 * servers, and checks what is skipped, with which message, and what parameters arrive.
 */
class LocalServiceExtensionTest {

  @TempDir Path localDir;

  private final Map<String, String> savedProperties = new HashMap<>();
  private ServerSocket fakeSsh;
  private Thread fakeSshThread;
  private HttpServer http;

  @BeforeEach
  void isolateFromTheRealServices() {
    for (String p : List.of(LocalServices.REQUIRE_PROPERTY, "spe.local.dir",
        LocalServiceExtension.QUIET_PROPERTY)) {
      savedProperties.put(p, System.getProperty(p));
    }
    System.setProperty("spe.local.dir", localDir.toString());
    System.setProperty(LocalServiceExtension.QUIET_PROPERTY, "true");
    // an empty property wins over SPE_LOCAL_REQUIRE from the environment
    System.setProperty(LocalServices.REQUIRE_PROPERTY, " ");
    Samples.reset();
  }

  @AfterEach
  void restore() throws IOException {
    savedProperties.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    if (fakeSsh != null) {
      fakeSsh.close();
    }
    if (http != null) {
      http.stop(0);
    }
  }

  // ---- the sample test classes run through the engine ----

  private static final String SAMPLE_GUARD =
      "de.denbi.spe.testkit.LocalServiceExtensionTest#insideEngineTestKit";

  static final class Samples {
    static final AtomicReference<Object> SEEN = new AtomicReference<>();
    static final AtomicReference<Object> SEEN2 = new AtomicReference<>();

    static void reset() {
      SEEN.set(null);
      SEEN2.set(null);
    }
  }

  @EnabledIf(SAMPLE_GUARD)
  @RequiresLocalService(LocalService.SLURM)
  static class SlurmSample {
    @Test
    void runs(SlurmCoordinates slurm, ServiceEnv env) {
      Samples.SEEN.set(slurm);
      Samples.SEEN2.set(env);
    }
  }

  @EnabledIf(SAMPLE_GUARD)
  static class OpenStackSample {
    @Test
    @RequiresLocalService(value = LocalService.OPENSTACK, openstackMode = OpenStackMode.FULL)
    void needsFull(OpenStackCoordinates os) {
      Samples.SEEN2.set(os);
    }

    @Test
    @RequiresLocalService(LocalService.OPENSTACK)
    void needsKeystone(OpenStackCoordinates os) {
      Samples.SEEN.set(os);
    }
  }

  @EnabledIf(SAMPLE_GUARD)
  @RequiresLocalService(LocalService.KEYCLOAK)
  @RequiresLocalService(LocalService.CEPH)
  static class RepeatedSample {
    @Test
    void both(@LocalServiceEnv(LocalService.CEPH) ServiceEnv ceph, OidcCoordinates oidc,
        S3Coordinates s3) {
      Samples.SEEN.set(ceph);
      Samples.SEEN2.set(List.of(oidc, s3));
    }
  }

  @EnabledIf(SAMPLE_GUARD)
  static class UndeclaredSample {
    @Test
    @RequiresLocalService(LocalService.SLURM)
    void wrongParameter(S3Coordinates s3) {
      Samples.SEEN.set(s3);
    }
  }

  // ---- helpers ----

  private static volatile boolean insideEngineTestKit;

  /** The samples run only inside {@link #run}, never on their own (e.g. with -Dtest=...**). */
  static boolean insideEngineTestKit() {
    return insideEngineTestKit;
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    insideEngineTestKit = true;
    try {
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    } finally {
      insideEngineTestKit = false;
    }
  }

  private static List<String> skipReasons(EngineExecutionResults r) {
    return r.allEvents().skipped().stream()
        .map(e -> e.getPayload(String.class).orElse("")).toList();
  }

  private void writeEnv(LocalService service, String text) throws IOException {
    Path d = Files.createDirectories(localDir.resolve(service.id()));
    Files.writeString(d.resolve("env.sh"), text);
  }

  private int startFakeSsh() throws IOException {
    fakeSsh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    fakeSshThread = new Thread(() -> {
      while (!fakeSsh.isClosed()) {
        try (Socket s = fakeSsh.accept(); OutputStream out = s.getOutputStream()) {
          out.write("SSH-2.0-OpenSSH_fake\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          return;
        }
      }
    }, "fake-sshd");
    fakeSshThread.setDaemon(true);
    fakeSshThread.start();
    return fakeSsh.getLocalPort();
  }

  private int startHttp() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    http.start();
    return http.getAddress().getPort();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private String slurmEnv(int port) {
    return "# generated by slurm/up.sh\n"
        + "export SPE_SLURM_SSH_HOST='127.0.0.1'\n"
        + "export SPE_SLURM_SSH_PORT='" + port + "'\n"
        + "export SPE_SLURM_SSH_USER='speuser'\n"
        + "export SPE_SLURM_SSH_KEY='" + localDir.resolve("slurm/client_ed25519") + "'\n"
        + "export SPE_SLURM_SSH_KNOWN_HOSTS='" + localDir.resolve("slurm/known_hosts") + "'\n"
        + "export SPE_SLURM_PARTITION='debug'\n";
  }

  // ---- the tests ----

  @Test
  void missingEnvFileSkipsWithServiceAndCommand() {
    EngineExecutionResults r = run(SlurmSample.class);
    assertThat(skipReasons(r)).containsExactly("SLURM is not running (no "
        + localDir.resolve("slurm/env.sh") + "): start it with scripts/services up slurm");
    assertThat(Samples.SEEN.get()).isNull();
    r.testEvents().assertStatistics(s -> s.started(0).failed(0));
  }

  @Test
  void staleEnvFileSkipsWhenThePortDoesNotAnswer() throws IOException {
    int port = closedPort();
    writeEnv(LocalService.SLURM, slurmEnv(port));
    List<String> reasons = skipReasons(run(SlurmSample.class));
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0))
        .startsWith("SLURM is not running (127.0.0.1:" + port + " does not answer")
        .endsWith("): start it with scripts/services up slurm");
  }

  @Test
  void runningServiceRunsTheTestWithCoordinates() throws IOException {
    int port = startFakeSsh();
    writeEnv(LocalService.SLURM, slurmEnv(port));
    EngineExecutionResults r = run(SlurmSample.class);
    r.testEvents().assertStatistics(s -> s.started(1).succeeded(1).skipped(0));
    SlurmCoordinates slurm = (SlurmCoordinates) Samples.SEEN.get();
    assertThat(slurm.sshPort()).isEqualTo(port);
    assertThat(slurm.sshUser()).isEqualTo("speuser");
    assertThat(slurm.sshKnownHosts()).isEqualTo(localDir.resolve("slurm/known_hosts"));
    assertThat(((ServiceEnv) Samples.SEEN2.get()).service()).isEqualTo(LocalService.SLURM);
  }

  @Test
  void openstackFullModeNeededButKeystoneRuns() throws IOException {
    int port = startHttp();
    writeEnv(LocalService.OPENSTACK, "export OS_AUTH_URL='http://127.0.0.1:" + port + "/v3'\n"
        + "export OS_APPLICATION_CREDENTIAL_ID='id'\n"
        + "export OS_APPLICATION_CREDENTIAL_SECRET='sec'\n"
        + "export SPE_OS_MODE='keystone'\n");
    EngineExecutionResults r = run(OpenStackSample.class);
    assertThat(skipReasons(r)).containsExactly("OPENSTACK (full mode) is not running (only "
        + "keystone mode runs, SPE_OS_MODE=keystone in " + localDir.resolve("openstack/env.sh")
        + ", and this test needs full mode): start it with scripts/services up openstack "
        + "--mode full");
    r.testEvents().assertStatistics(s -> s.started(1).succeeded(1).skipped(1));
    assertThat(((OpenStackCoordinates) Samples.SEEN.get()).mode())
        .isEqualTo(OpenStackMode.KEYSTONE);
    assertThat(Samples.SEEN2.get()).isNull();
  }

  @Test
  void openstackKeystoneNeededButNothingRuns() {
    List<String> reasons = skipReasons(run(OpenStackSample.class));
    assertThat(reasons).contains("OPENSTACK is not running (no "
        + localDir.resolve("openstack/env.sh")
        + "): start it with scripts/services up openstack --mode keystone");
  }

  @Test
  void repeatedAnnotationsAndQualifiedServiceEnv() throws IOException {
    int port = startHttp();
    writeEnv(LocalService.CEPH, "export SPE_S3_ENDPOINT='http://127.0.0.1:" + port + "'\n"
        + "export SPE_S3_ACCESS_KEY='ak'\nexport SPE_S3_SECRET_KEY='sk'\n");
    writeEnv(LocalService.KEYCLOAK, "export SPE_OIDC_ISSUER='http://127.0.0.1:" + port
        + "/realms/spe'\nexport SPE_OIDC_CLIENT_ID='spe-cli'\n"
        + "export SPE_OIDC_SERVICE_CLIENT_ID='spe-service'\n"
        + "export SPE_OIDC_SERVICE_CLIENT_SECRET='spe-service-secret'\n");
    run(RepeatedSample.class).testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(((ServiceEnv) Samples.SEEN.get()).service()).isEqualTo(LocalService.CEPH);
    List<?> both = (List<?>) Samples.SEEN2.get();
    assertThat(((OidcCoordinates) both.get(0)).serviceClientId()).isEqualTo("spe-service");
    assertThat(((S3Coordinates) both.get(1)).region()).isEqualTo("us-east-1");
  }

  @Test
  void keycloakDiscoveryMustAnswer200() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    http.start();
    int port = http.getAddress().getPort();
    writeEnv(LocalService.CEPH, "export SPE_S3_ENDPOINT='http://127.0.0.1:" + port + "'\n");
    writeEnv(LocalService.KEYCLOAK, "export SPE_OIDC_ISSUER='http://127.0.0.1:" + port
        + "/realms/spe'\n");
    List<String> reasons = skipReasons(run(RepeatedSample.class));
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0)).startsWith("KEYCLOAK is not running (http://127.0.0.1:" + port
        + "/realms/spe/.well-known/openid-configuration answered HTTP 404 instead of 200")
        .endsWith("start it with scripts/services up keycloak");
  }

  @Test
  void requiredServicesFailInsteadOfSkipping() {
    System.setProperty(LocalServices.REQUIRE_PROPERTY, "ceph,slurm");
    EngineExecutionResults r = run(SlurmSample.class);
    assertThat(skipReasons(r)).isEmpty();
    List<Event> failed = r.allEvents().failed().list();
    assertThat(failed).isNotEmpty();
    assertThat(failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage).orElse(""))
        .contains("SLURM is not running")
        .contains("scripts/services up slurm");
  }

  @Test
  void requireSpecParsing() {
    assertThat(LocalServices.isRequired(LocalService.CEPH, "all", null)).isTrue();
    assertThat(LocalServices.isRequired(LocalService.CEPH, null, "slurm, ceph")).isTrue();
    assertThat(LocalServices.isRequired(LocalService.CEPH, "slurm", "ceph")).isFalse();
    assertThat(LocalServices.isRequired(LocalService.CEPH, null, null)).isFalse();
    assertThat(LocalServices.isRequired(LocalService.CEPH, "", "all")).isFalse();
  }

  @Test
  void parameterOfAnUndeclaredServiceFailsClearly() throws IOException {
    writeEnv(LocalService.SLURM, slurmEnv(startFakeSsh()));
    EngineExecutionResults r = run(UndeclaredSample.class);
    r.testEvents().assertStatistics(s -> s.failed(1));
    String message = r.testEvents().failed().list().get(0)
        .getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage).orElse("");
    assertThat(message).contains("S3Coordinates needs @RequiresLocalService(LocalService.CEPH)");
  }
}

package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceEnvTest {

  @TempDir Path dir;

  private ServiceEnv write(LocalService service, String text) throws Exception {
    Path d = Files.createDirectories(dir.resolve(service.id()));
    Path file = d.resolve("env.sh");
    Files.writeString(file, text);
    return ServiceEnv.load(service, file);
  }

  @Test
  void typedGetters() throws Exception {
    ServiceEnv env = write(LocalService.CEPH, """
        export SPE_S3_ENDPOINT='http://127.0.0.1:7480'
        export SPE_S3_PORT='7480'
        export SPE_S3_PATH_STYLE='true'
        export SPE_S3_CA_CERT='/abs/cert.pem'
        export SPE_REL='rgw/cert.pem'
        export SPE_EMPTY=''
        """);
    assertThat(env.requireUri("SPE_S3_ENDPOINT")).isEqualTo(URI.create("http://127.0.0.1:7480"));
    assertThat(env.requireInt("SPE_S3_PORT")).isEqualTo(7480);
    assertThat(env.getBoolean("SPE_S3_PATH_STYLE", false)).isTrue();
    assertThat(env.getBoolean("SPE_UNSET", true)).isTrue();
    assertThat(env.requirePath("SPE_S3_CA_CERT")).isEqualTo(Path.of("/abs/cert.pem"));
    assertThat(env.requirePath("SPE_REL")).isEqualTo(dir.resolve("ceph/rgw/cert.pem"));
    assertThat(env.has("SPE_EMPTY")).isFalse();
    assertThat(env.get("SPE_EMPTY")).isEmpty();
    assertThat(env.getOrDefault("SPE_EMPTY", "d")).isEqualTo("d");
    assertThat(env.names()).contains("SPE_EMPTY");
    assertThat(env.service()).isEqualTo(LocalService.CEPH);
  }

  @Test
  void missingRequiredVariableNamesKeyFileAndCommand() throws Exception {
    ServiceEnv env = write(LocalService.CEPH, "export SPE_S3_ACCESS_KEY='a'\n");
    assertThatThrownBy(() -> env.require("SPE_S3_SECRET_KEY"))
        .isInstanceOf(ServiceEnvException.class)
        .hasMessageContaining("SPE_S3_SECRET_KEY is not set in " + env.file())
        .hasMessageContaining("scripts/services up ceph");
    assertThatThrownBy(() -> S3Coordinates.from(env))
        .isInstanceOf(ServiceEnvException.class)
        .hasMessageContaining("SPE_S3_ENDPOINT");
  }

  @Test
  void badValuesAreNamedButSecretsAreNotShown() throws Exception {
    ServiceEnv env = write(LocalService.SLURM, """
        export SPE_SLURM_SSH_PORT='twenty-two'
        export SPE_SLURM_JWT='not a uri at all'
        export SPE_SLURMRESTD_URL='relative/path'
        """);
    assertThatThrownBy(() -> env.requireInt("SPE_SLURM_SSH_PORT"))
        .hasMessageContaining("SPE_SLURM_SSH_PORT").hasMessageContaining("integer")
        .hasMessageContaining("twenty-two");
    assertThatThrownBy(() -> env.requireUri("SPE_SLURM_JWT"))
        .hasMessageContaining("SPE_SLURM_JWT").hasMessageNotContaining("not a uri");
    assertThatThrownBy(() -> env.requireUri("SPE_SLURMRESTD_URL"))
        .hasMessageContaining("absolute URI");
  }

  @Test
  void missingFileSaysHowToStartTheService() {
    Path file = dir.resolve("slurm/env.sh");
    assertThatThrownBy(() -> ServiceEnv.load(LocalService.SLURM, file))
        .isInstanceOf(ServiceEnvException.class)
        .hasMessageContaining("no " + file)
        .hasMessageContaining("scripts/services up slurm");
  }

  @Test
  void malformedFileNamesTheLine() throws Exception {
    assertThatThrownBy(() -> write(LocalService.KEYCLOAK, "export A='x'\nexport B='open\n"))
        .isInstanceOf(ServiceEnvException.class)
        .hasMessageContaining("env.sh:2");
  }

  @Test
  void toStringShowsNamesNotValues() {
    ServiceEnv env = ServiceEnv.of(LocalService.KEYCLOAK, Path.of("/x/env.sh"),
        Map.of("SPE_OIDC_SERVICE_CLIENT_SECRET", "s3cr3t-value"));
    assertThat(env.toString()).contains("SPE_OIDC_SERVICE_CLIENT_SECRET")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void coordinatesFromTheReferenceVariables() {
    Path f = Path.of("/repo/.spe-local/x/env.sh");
    SlurmCoordinates slurm = SlurmCoordinates.from(ServiceEnv.of(LocalService.SLURM, f, Map.of(
        "SPE_SLURM_SSH_HOST", "127.0.0.1", "SPE_SLURM_SSH_PORT", "2222",
        "SPE_SLURM_SSH_USER", "speuser", "SPE_SLURM_SSH_KEY", "/k/client_ed25519",
        "SPE_SLURM_SSH_KNOWN_HOSTS", "/k/known_hosts", "SPE_SLURM_PARTITION", "debug",
        "SPE_SLURMRESTD_URL", "http://127.0.0.1:16820", "SPE_SLURM_JWT", "eyJ.x.y")));
    assertThat(slurm.sshPort()).isEqualTo(2222);
    assertThat(slurm.hasRest()).isTrue();
    assertThat(slurm.sshKnownHosts()).isEqualTo(Path.of("/k/known_hosts"));

    OpenStackCoordinates os = OpenStackCoordinates.from(ServiceEnv.of(LocalService.OPENSTACK, f,
        Map.of("OS_AUTH_URL", "http://127.0.0.1:15000/v3", "OS_APPLICATION_CREDENTIAL_ID", "id",
            "OS_APPLICATION_CREDENTIAL_SECRET", "sec", "SPE_OS_MODE", "full",
            "SPE_OS_FLAVOR", "de.NBI.tiny")));
    assertThat(os.mode()).isEqualTo(OpenStackMode.FULL);
    assertThat(os.region()).isEqualTo("RegionOne");
    assertThat(os.flavor()).isEqualTo("de.NBI.tiny");

    OidcCoordinates oidc = OidcCoordinates.from(ServiceEnv.of(LocalService.KEYCLOAK, f, Map.of(
        "SPE_OIDC_ISSUER", "http://127.0.0.1:18080/realms/spe", "SPE_OIDC_CLIENT_ID", "spe-cli",
        "SPE_OIDC_SERVICE_CLIENT_ID", "spe-service",
        "SPE_OIDC_SERVICE_CLIENT_SECRET", "spe-service-secret")));
    assertThat(oidc.discoveryUrl()).hasToString(
        "http://127.0.0.1:18080/realms/spe/.well-known/openid-configuration");
  }
}

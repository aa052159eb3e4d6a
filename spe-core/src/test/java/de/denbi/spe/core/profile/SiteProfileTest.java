package de.denbi.spe.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidConfigException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteProfileTest {
  static final String FULL =
      """
      name: denbi-bielefeld
      oidc:
        issuer: https://login.aai.lifescience-ri.eu/oidc/
        clientId: spe-cli
        scopes: [openid, offline_access, eduperson_entitlement]
      s3:
        endpoint: https://s3.example.org
        stsEndpoint: https://sts.example.org
        roleArn: arn:aws:iam:::role/spe
      wes:
        url: https://wes.example.org/ga4gh/wes/v1
      tes:
        urls: [https://tesk1.example.org/ga4gh/tes/v1, https://tesk2.example.org]
      slurm:
        loginHost: login.example.org
        sshPort: 2222
        restUrl: https://slurm.example.org
      bibigrid:
        url: https://bibigrid.example.org
      openstack:
        authUrl: https://openstack.example.org:5000/v3
        region: Bielefeld
      """;

  private static SiteProfile yaml(String text) {
    return SiteProfile.fromYaml(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "site.yaml");
  }

  @Test
  void readsEverySection() {
    SiteProfile p = yaml(FULL);
    assertThat(p.name()).isEqualTo("denbi-bielefeld");
    assertThat(p.requireOidc().issuer()).isEqualTo(URI.create("https://login.aai.lifescience-ri.eu/oidc/"));
    assertThat(p.requireOidc().scopes()).containsExactly("openid", "offline_access", "eduperson_entitlement");
    assertThat(p.requireS3().region()).isEqualTo("us-east-1");
    assertThat(p.requireS3().pathStyle()).isTrue();
    assertThat(p.requireS3().roleArn()).isEqualTo("arn:aws:iam:::role/spe");
    assertThat(p.requireTesUrls()).hasSize(2);
    assertThat(p.requireSlurm().sshPort()).isEqualTo(2222);
    assertThat(p.requireOpenStack().region()).isEqualTo("Bielefeld");
    assertThat(p.requireBibigridUrl().getHost()).isEqualTo("bibigrid.example.org");
    assertThat(p.toBuilder().build()).isEqualTo(p);
  }

  @Test
  void unknownKeysAreNamed() {
    assertThatThrownBy(() -> yaml("s3:\n  endpoint: https://s3.example.org\n  regoin: eu\n"))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              assertThat(e.key()).isEqualTo("s3.regoin (in site.yaml)");
              assertThat(e.getMessage()).contains("unknown key").contains("region");
            });
  }

  @Test
  void badValuesAreNamedByTheirKey() {
    assertThatThrownBy(() -> yaml("wes:\n  url: ftp://wes.example.org\n"))
        .hasMessageContaining("'wes.url (in site.yaml)'")
        .hasMessageContaining("not an absolute http(s) URL");
    assertThatThrownBy(() -> yaml("slurm:\n  loginHost: 'login; rm -rf /'\n"))
        .hasMessageContaining("slurm.loginHost")
        .hasMessageContaining("not a host name");
    assertThatThrownBy(() -> yaml("slurm:\n  loginHost: a\n  sshPort: 70000\n")).hasMessageContaining("slurm.sshPort");
    assertThatThrownBy(() -> yaml("oidc:\n  issuer: https://x.org\n")).hasMessageContaining("oidc.clientId").hasMessageContaining("required");
    assertThatThrownBy(() -> yaml("tes:\n  urls: [https://a.org, 'not a url']\n")).hasMessageContaining("tes.urls[1]");
    assertThatThrownBy(() -> yaml("s3: [1]\n")).hasMessageContaining("'s3 (in site.yaml)'");
    assertThatThrownBy(() -> yaml("s3:\n  endpoint: https://user:pw@s3.org\n")).hasMessageContaining("must not contain credentials").hasMessageNotContaining("pw@");
    assertThatThrownBy(() -> yaml("name: [unclosed\n")).isInstanceOf(InvalidConfigException.class).hasMessageContaining("not valid YAML");
  }

  @Test
  void plainHttpOnlyForLoopback() {
    assertThatThrownBy(() -> yaml("wes:\n  url: http://wes.example.org\n")).hasMessageContaining("plain HTTP");
    assertThat(yaml("wes:\n  url: http://127.0.0.1:8080/ga4gh/wes/v1\n").requireWesUrl().getPort()).isEqualTo(8080);
    assertThat(yaml("wes:\n  url: http://localhost:1\n").wesUrl()).isNotNull();
    assertThat(SiteProfile.builder().wesUrl("http://wes.internal").allowInsecureHttp(true).build().wesUrl()).isNotNull();
  }

  @Test
  void fromEnvironmentNamesTheVariable() {
    SiteProfile p =
        SiteProfile.fromEnvironment(
            Map.of(
                "SPE_OIDC_ISSUER", "http://127.0.0.1:18080/realms/spe",
                "SPE_OIDC_CLIENT_ID", "spe-cli",
                "SPE_S3_ENDPOINT", "http://127.0.0.1:7480",
                "SPE_TES_URLS", "https://a.org, https://b.org",
                "SPE_S3_PATH_STYLE", "false",
                "UNRELATED", "x"));
    assertThat(p.requireOidc().clientId()).isEqualTo("spe-cli");
    assertThat(p.requireS3().pathStyle()).isFalse();
    assertThat(p.requireTesUrls()).extracting(URI::getHost).containsExactly("a.org", "b.org");
    assertThatThrownBy(() -> SiteProfile.fromEnvironment(Map.of("SPE_WES_URL", "wes.example.org")))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).startsWith("SPE_WES_URL"));
    assertThatThrownBy(() -> SiteProfile.fromEnvironment(Map.of("SPE_SLURM_SSH_PORT", "ssh")))
        .hasMessageContaining("SPE_SLURM_SSH_PORT");
  }

  @Test
  void missingSectionsSayHowToConfigureThem() {
    SiteProfile empty = SiteProfile.builder().build();
    assertThat(empty.name()).isEqualTo("default");
    assertThatThrownBy(empty::requireWesUrl).hasMessageContaining("wes.url").hasMessageContaining("SPE_WES_URL");
    assertThatThrownBy(empty::requireTesUrls).hasMessageContaining("SPE_TES_URLS");
  }

  @Test
  void loadMergesFileAndEnvironment(@TempDir Path home) throws Exception {
    Path dir = Files.createDirectories(home.resolve(".config/spe"));
    Files.writeString(dir.resolve("site.yaml"), FULL);
    SiteProfile p = SiteProfile.load(Map.of("SPE_WES_URL", "https://other-wes.example.org"), home);
    assertThat(p.name()).isEqualTo("denbi-bielefeld");
    assertThat(p.requireWesUrl().getHost()).isEqualTo("other-wes.example.org");
    assertThat(p.requireOidc().clientId()).isEqualTo("spe-cli");

    Path named = home.resolve("other.yaml");
    Files.writeString(named, "name: other\n");
    assertThat(SiteProfile.load(Map.of("SPE_SITE_PROFILE", named.toString()), home).name()).isEqualTo("other");
    assertThatThrownBy(() -> SiteProfile.load(Map.of("SPE_SITE_PROFILE", home.resolve("nope.yaml").toString()), home))
        .hasMessageContaining("SPE_SITE_PROFILE");
    assertThat(SiteProfile.load(Map.of(), home.resolve("empty")).tesUrls()).isEqualTo(List.of());
  }
}

package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.OidcCoordinates;
import de.denbi.spe.testkit.RequiresLocalService;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real oidc-agent (Debian package {@code oidc-agent-cli}) with an account for the local
 * Keycloak: the test logs the user in with the device flow (playing the browser), hands the
 * refresh token to {@code oidc-gen} (through the environment, not the command line), and then
 * asks the agent for tokens over its UNIX socket through {@link OidcAgentTokenSource}. Skipped
 * when oidc-agent is not installed ({@code apt-get install oidc-agent-cli}).
 */
@RequiresLocalService(LocalService.KEYCLOAK)
class OidcAgentIT {

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void tokensFromARealAgent(OidcCoordinates kc, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(onPath("oidc-agent") && onPath("oidc-gen"),
        "oidc-agent is not installed: apt-get install oidc-agent-cli");
    // the realm's imported users have no offline_access role: an ordinary refresh token
    OidcClient cli = OidcClient.builder().issuer(kc.issuer()).clientId(kc.clientId())
        .offlineAccess(false).build();
    DeviceLogin login = cli.startDeviceLogin(List.of());
    CompletableFuture<TokenSet> pending = login.awaitAsync();
    new TestBrowser(kc.user(), kc.password()).login(login.authorization().uriToOpen());
    TokenSet tokens = pending.get(60, TimeUnit.SECONDS);

    Path home = Files.createDirectories(dir.resolve("home"));
    Path sock = dir.resolve("agent.sock");
    ProcessBuilder agentPb = new ProcessBuilder("oidc-agent", "--console", "--socket-path=" + sock)
        .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
    agentPb.environment().put("HOME", home.toString());
    Process agent = agentPb.start();
    try {
      for (int i = 0; i < 50 && !Files.exists(sock); i++) {
        Thread.sleep(100);
      }
      assertThat(sock).exists();
      ProcessBuilder gen = new ProcessBuilder("oidc-gen", "--issuer=" + kc.issuer(),
          "--client-id=" + kc.clientId(), "--client-secret=", "--rt-env", "--scope=openid",
          "--pw-env", "--prompt=none", "--confirm-yes", "--no-url-call", "spe-it")
          .redirectErrorStream(true).redirectOutput(dir.resolve("gen.log").toFile());
      Map<String, String> env = gen.environment();
      env.put("HOME", home.toString());
      env.put("OIDC_SOCK", sock.toString());
      env.put("OIDC_ENCRYPTION_PW", "it-encryption-pw");
      env.put("OIDC_REFRESH_TOKEN", tokens.refreshToken());
      Process g = gen.start();
      assertThat(g.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(g.exitValue())
          .as(Files.readString(dir.resolve("gen.log"), StandardCharsets.UTF_8)).isZero();

      OidcAgentTokenSource src = OidcAgentTokenSource.builder().socket(sock).account("spe-it")
          .minValidPeriod(Duration.ofSeconds(30)).build();
      AccessToken t = src.token();
      assertThat(t.expiresAt()).isAfter(Instant.now());
      VerifiedJwt v = cli.accessTokenValidator(kc.audience()).validate(t.value());
      assertThat(v.claims().get("preferred_username")).isEqualTo(kc.user());
      assertThat(src.token()).isSameAs(t); // cached while valid

      assertThatThrownBy(() -> OidcAgentTokenSource.builder().socket(sock).account("no-such-account")
          .build().token())
          .isInstanceOf(LoginRequiredException.class).hasMessageContaining("oidc-add no-such-account");
    } finally {
      agent.destroy();
      if (!agent.waitFor(5, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
    }
  }
}

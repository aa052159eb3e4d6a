package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.json.SpeJson;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a UNIX-socket server that speaks oidc-agent's documented IPC protocol: one JSON
 * request, one JSON reply (sent in pieces here, as a stream may deliver it).
 */
class OidcAgentTokenSourceTest {
  @TempDir Path dir;
  ServerSocketChannel server;
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  Path agent(Function<JsonNode, String> reply) throws IOException {
    Path sock = dir.resolve("oidc-agent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(sock));
    Thread.ofVirtual().start(() -> {
      while (server.isOpen()) {
        try (SocketChannel c = server.accept()) {
          ByteBuffer buf = ByteBuffer.allocate(4096);
          c.read(buf);
          JsonNode req = SpeJson.mapper().readTree(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
          requests.add(req);
          byte[] out = reply.apply(req).getBytes(StandardCharsets.UTF_8);
          int half = out.length / 2;
          c.write(ByteBuffer.wrap(out, 0, half));
          Thread.sleep(20);
          c.write(ByteBuffer.wrap(out, half, out.length - half));
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    });
    return sock;
  }

  @AfterEach
  void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void asksForAnAccountsTokenAndCachesIt() throws Exception {
    long exp = Instant.now().plusSeconds(3600).getEpochSecond();
    Path sock = agent(req -> "{\"status\":\"success\",\"access_token\":\"agent-token-abcdef\","
        + "\"issuer\":\"https://login.aai.lifescience-ri.eu/oidc/\",\"expires_at\":" + exp + "}");
    OidcAgentTokenSource src = OidcAgentTokenSource.builder().socket(sock).account("lsaai")
        .scope("openid eduperson_entitlement").build();
    assertThat(src.token().value()).isEqualTo("agent-token-abcdef");
    assertThat(src.token().expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
    assertThat(src.token().value()).isEqualTo("agent-token-abcdef");
    assertThat(requests).hasSize(1);
    JsonNode r = requests.get(0);
    assertThat(r.path("request").asText()).isEqualTo("access_token");
    assertThat(r.path("account").asText()).isEqualTo("lsaai");
    assertThat(r.path("min_valid_period").asLong()).isEqualTo(60);
    assertThat(r.path("scope").asText()).isEqualTo("openid eduperson_entitlement");
    assertThat(r.path("application_hint").asText()).isEqualTo("spe-sdk");
    src.invalidate(src.token());
    src.token();
    assertThat(requests).hasSize(2);
    assertThat(src.toString()).doesNotContain("agent-token-abcdef");
  }

  @Test
  void asksByIssuer() throws Exception {
    Path sock = agent(req -> "{\"status\":\"success\",\"access_token\":\"t-123456\",\"expires_at\":0}");
    OidcAgentTokenSource.builder().socket(sock).issuer(URI.create("https://login.aai.lifescience-ri.eu/oidc/"))
        .build().token();
    assertThat(requests.get(0).path("issuer").asText()).isEqualTo("https://login.aai.lifescience-ri.eu/oidc/");
    assertThat(requests.get(0).has("account")).isFalse();
  }

  @Test
  void anAgentFailureSaysHowToLoadTheAccount() throws Exception {
    Path sock = agent(req -> "{\"status\":\"failure\",\"error\":\"No account configured with that short name\"}");
    assertThatThrownBy(() -> OidcAgentTokenSource.builder().socket(sock).account("lsaai").build().token())
        .isInstanceOf(LoginRequiredException.class)
        .hasMessageContaining("No account configured").hasMessageContaining("oidc-add lsaai");
  }

  @Test
  void noAgentAndBadSettings() {
    assertThatThrownBy(() -> OidcAgentTokenSource.builder().socket(dir.resolve("missing.sock"))
        .account("x").build().token())
        .isInstanceOf(SpeConnectionException.class).hasMessageContaining("Is it running?");
    assertThatThrownBy(() -> OidcAgentTokenSource.builder().socket(dir.resolve("s")).build())
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("account"));
  }

  @Test
  void aSilentAgentTimesOut() throws Exception {
    Path sock = dir.resolve("silent.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(sock));
    Thread.ofVirtual().start(() -> {
      try (SocketChannel c = server.accept()) {
        if (c.isConnected()) {
          Thread.sleep(5000); // read nothing, answer nothing
        }
      } catch (IOException | InterruptedException e) {
        // closed
      }
    });
    assertThatThrownBy(() -> OidcAgentTokenSource.builder().socket(sock).account("x")
        .timeout(Duration.ofMillis(300)).build().token())
        .isInstanceOf(SpeConnectionException.class).hasMessageContaining("did not answer");
  }
}

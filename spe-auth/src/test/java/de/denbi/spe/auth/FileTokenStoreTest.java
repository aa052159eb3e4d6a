package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {
  final TokenStore.Key key = new TokenStore.Key(URI.create("https://login.aai.lifescience-ri.eu/oidc/"),
      "spe-cli", "default");

  @Test
  void savesAtomicallyWithOwnerOnlyPermissions(@TempDir Path tmp) throws Exception {
    FileTokenStore store = FileTokenStore.in(tmp.resolve("spe/tokens"));
    store.save(key, "refresh-token-value-1");
    Path f = store.fileOf(key);
    assertThat(f.getFileName().toString()).startsWith("login.aai.lifescience-ri.eu-").endsWith(".json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent()))).isEqualTo("rwx------");
    assertThat(store.load(key)).contains("refresh-token-value-1");
    store.save(key, "refresh-token-value-2");
    assertThat(store.load(key)).contains("refresh-token-value-2");
    try (var files = Files.list(f.getParent())) {
      assertThat(files.toList()).containsExactly(f); // no temporary file left behind
    }
    // other accounts and clients get other files
    assertThat(store.fileOf(new TokenStore.Key(key.issuer(), "spe-cli", "work"))).isNotEqualTo(f);
    assertThat(store.fileOf(new TokenStore.Key(key.issuer(), "other", "default"))).isNotEqualTo(f);
    store.delete(key);
    assertThat(store.load(key)).isEmpty();
    assertThat(store.toString()).doesNotContain("refresh-token-value");
  }

  @Test
  void refusesAFileOthersCanRead(@TempDir Path tmp) throws Exception {
    FileTokenStore store = FileTokenStore.in(tmp);
    store.save(key, "refresh-token-value-1");
    Path f = store.fileOf(key);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> store.load(key))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("tokenStore"))
        .hasMessageContaining("rw-r--r--").hasMessageContaining("log in again")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("refresh-token-value-1"));
  }

  @Test
  void refusesSymlinksAndForeignFiles(@TempDir Path tmp) throws Exception {
    FileTokenStore store = FileTokenStore.in(tmp);
    Path target = Files.writeString(tmp.resolve("elsewhere"), "{}");
    Files.createSymbolicLink(store.fileOf(key), target);
    assertThatThrownBy(() -> store.load(key)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("not a regular file");
    Files.delete(store.fileOf(key));
    Path f = Files.writeString(store.fileOf(key),
        "{\"issuer\":\"https://evil.example.org/\",\"client_id\":\"spe-cli\",\"account\":\"default\",\"refresh_token\":\"x\"}");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> store.load(key)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("not a token file of this issuer");
  }

  @Test
  void defaultDirectoryFollowsTheEnvironment() {
    assertThat(FileTokenStore.defaultDirectory(Map.of("SPE_CONFIG_HOME", "/x"))).isEqualTo(Path.of("/x/tokens"));
    assertThat(FileTokenStore.defaultDirectory(Map.of("XDG_CONFIG_HOME", "/y"))).isEqualTo(Path.of("/y/spe/tokens"));
    assertThat(FileTokenStore.defaultDirectory(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "spe", "tokens"));
  }

  @Test
  void accountNamesAreChecked() {
    assertThatThrownBy(() -> new TokenStore.Key(key.issuer(), "c", "../../etc"))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("account"));
  }
}

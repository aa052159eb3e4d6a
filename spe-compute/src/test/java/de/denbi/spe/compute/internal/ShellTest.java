package de.denbi.spe.compute.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {

  static final List<String> HOSTILE = List.of(
      "$(touch CANARY)", "`touch CANARY`", "; touch CANARY", "a'b\"c", "'", "''", "\\", "line1\nline2",
      "x && touch CANARY", "| touch CANARY", "$HOME", "${PATH}", "*", "~", "-n", "", " spaced  out ",
      "\t", "!!", "#comment", "'\"$(touch CANARY)\"'");

  @Test
  void quotedWordsSurviveARealShellVerbatim(@TempDir Path dir) throws Exception {
    Path canary = dir.resolve("CANARY");
    for (String h : HOSTILE) {
      String value = h.replace("CANARY", canary.toString());
      String cmd = "printf '%s' " + Shell.quote(value, "v");
      Process p = new ProcessBuilder("/bin/sh", "-c", cmd).directory(dir.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isZero();
      assertThat(out).as("quoted %s", value).isEqualTo(value);
    }
    assertThat(Files.exists(canary)).as("a hostile string ran a command").isFalse();
  }

  @Test
  void joinQuotesEveryWord(@TempDir Path dir) throws Exception {
    String cmd = "for a in " + Shell.join(List.of("a b", "$(x)", "'"), "argv") + "; do printf '[%s]' \"$a\"; done";
    Process p = new ProcessBuilder("/bin/sh", "-c", cmd).directory(dir.toFile()).start();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("[a b][$(x)][']");
  }

  @Test
  void nulIsRejectedWithTheFieldName() {
    assertThatThrownBy(() -> Shell.quote("a\0b", "environment.X"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("environment.X")
        .hasMessageContaining("NUL");
  }

  @Test
  void envNamesAndOneLineValuesAreChecked() {
    assertThat(Shell.envName("MY_VAR1", "f")).isEqualTo("MY_VAR1");
    assertThatThrownBy(() -> Shell.envName("A;B", "environment")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Shell.envName("1A", "environment")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Shell.oneLine("a\nb", "name"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'name'").hasMessageContaining("\\x0a");
  }
}

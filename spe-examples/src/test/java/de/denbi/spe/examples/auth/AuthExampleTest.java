package de.denbi.spe.examples.auth;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.auth.SpeIdentity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthExampleTest {

  static String run(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc = AuthExample.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
    return rc + " " + buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void usageAndBadArguments() {
    assertThat(run()).startsWith("2 usage: auth device|browser|whoami");
    assertThat(run("nope")).startsWith("2 unknown sub-command");
    assertThat(run("validate")).startsWith("2 usage: auth validate AUDIENCE");
    assertThat(run("passport", "https://visas.example.org/")).startsWith("2 usage: auth passport");
  }

  @Test
  void printsTheIdentityKeyedBySub() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AuthExample.printIdentity(SpeIdentity.fromClaims(Map.of("sub", "0a11ce00", "preferred_username", "alice",
        "eduperson_entitlement", List.of(
            "urn:geant:lifescience-ri.eu:group:spe-project-1:role=owner#aai.lifescience-ri.eu"))),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("sub:    0a11ce00", "name:   alice", "group:  spe-project-1 (role owner)");
  }
}

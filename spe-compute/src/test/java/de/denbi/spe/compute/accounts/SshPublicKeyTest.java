package de.denbi.spe.compute.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SshPublicKeyTest {
  static final String ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBp6bSZGv9oSs8CH4+JO1eGS7cd1lQ5JSv2TDcJBtU0B alice@laptop";

  @Test
  void parsesAndFingerprintsLikeSshKeygen() {
    SshPublicKey k = SshPublicKey.parse(ED + "\n");
    assertThat(k.type()).isEqualTo("ssh-ed25519");
    assertThat(k.comment()).isEqualTo("alice@laptop");
    assertThat(k.line()).isEqualTo(ED);
    assertThat(k.fingerprint()).startsWith("SHA256:").hasSize(50);
  }

  @Test
  void rejectsOptionsBadDataAndInjection() {
    for (String bad : new String[] {
        "command=\"/bin/sh\" " + ED,
        "from=\"*\" " + ED,
        "ssh-ed25519 !!!notbase64",
        "ssh-rsa " + ED.split(" ")[1],
        ED + "\nssh-ed25519 AAAA",
        "ssh-ed25519 " + Base64.getEncoder().encodeToString(new byte[] {0, 0, 0, 11, 's', 's', 'h', '-', 'e', 'd', '2', '5', '5', '1', '9', 0, 0, 0, 3, 1, 2, 3}),
        "",
        "ssh-dss AAAAB3NzaC1kc3M="}) {
      assertThatThrownBy(() -> SshPublicKey.parse(bad)).as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("publicKey"));
    }
    assertThatThrownBy(() -> new SshPublicKey("ssh-ed25519", ED.split(" ")[1], "x\u001b[2J"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void usernamesAreCheckedAgainstInjectionAndReservedNames() {
    assertThat(ClusterAccounts.validateUsername("alice_1")).isEqualTo("alice_1");
    for (String bad : new String[] {"root", "Alice", "a;b", "$(id)", "a b", "-rf", "", "a\nb",
        "x".repeat(33), "systemd-network", "../etc", "ubuntu"}) {
      assertThatThrownBy(() -> ClusterAccounts.validateUsername(bad)).as(bad)
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("username"));
    }
  }
}

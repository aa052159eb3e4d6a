package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntitlementTest {

  @Test
  void parsesGroupsSubgroupsRolesAndAuthority() {
    Entitlement e = Entitlement.parse(
        "urn:geant:lifescience-ri.eu:group:spe-project-1:analysts:role=owner#aai.lifescience-ri.eu");
    assertThat(e.namespace()).isEqualTo("urn:geant:lifescience-ri.eu");
    assertThat(e.groupPath()).containsExactly("spe-project-1", "analysts");
    assertThat(e.group()).isEqualTo("spe-project-1:analysts");
    assertThat(e.role()).isEqualTo("owner");
    assertThat(e.authority()).isEqualTo("aai.lifescience-ri.eu");
    Entitlement m = Entitlement.parse("urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu");
    assertThat(m.roleName()).isEmpty();
    assertThat(m.toString()).isEqualTo("urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu");
  }

  @Test
  void decodesOddEncodings() {
    // URL-encoded as a whole
    Entitlement whole = Entitlement.parse(
        "urn%3Ageant%3Alifescience-ri.eu%3Agroup%3Aspe-project-1%3Arole%3Dmember%23aai.lifescience-ri.eu");
    assertThat(whole.group()).isEqualTo("spe-project-1");
    assertThat(whole.role()).isEqualTo("member");
    assertThat(whole.authority()).isEqualTo("aai.lifescience-ri.eu");
    // per component, with spaces and UTF-8
    Entitlement comp = Entitlement.parse(
        "urn:geant:lifescience-ri.eu:group:Gen%C3%B6m%20Projekt:role%3Downer#aai.lifescience-ri.eu");
    assertThat(comp.group()).isEqualTo("Genöm Projekt");
    assertThat(comp.role()).isEqualTo("owner");
    // lowercase hex, no authority
    assertThat(Entitlement.parse("urn:geant:x:group:a%2fb").group()).isEqualTo("a/b");
  }

  @Test
  void rejectsBrokenValuesPrecisely() {
    assertBad("", "empty");
    assertBad("urn:geant:lifescience-ri.eu:res:spe-service#aai.lifescience-ri.eu", ":group:");
    assertBad("urn:geant:x:group:a%zz#auth", "'%zz'");
    assertBad("urn:geant:x:group:a%4#auth", "cut off");
    assertBad("urn:geant:x:group:a%C3%28#auth", "UTF-8");
    assertBad("urn:geant:x:group:a%0Ab#auth", "control");
    assertBad("urn:geant:x:group:a:role=#auth", "role is empty");
    assertBad("urn:geant:x:group:a:role=x:b#auth", "last component");
    assertBad("urn:geant:x:group:a::b#auth", "empty group component");
    assertBad("urn:geant:x:group:a#", "authority");
    assertThat(Entitlement.tryParse("not an entitlement")).isEmpty();
  }

  private static void assertBad(String v, String expected) {
    assertThatThrownBy(() -> Entitlement.parse(v))
        .as(v).isInstanceOf(InvalidEntitlementException.class).hasMessageContaining(expected);
  }

  @Test
  void identityKeysBySubAndAnswersMembershipAndRoles() {
    SpeIdentity id = SpeIdentity.fromClaims(Map.of(
        "sub", "0a11ce00",
        "preferred_username", "alice",
        "email", "alice@example.org",
        "eduperson_entitlement", List.of(
            "urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu",
            "urn:geant:lifescience-ri.eu:group:spe-project-1:role=owner#aai.lifescience-ri.eu",
            "urn:geant:lifescience-ri.eu:res:spe-service#aai.lifescience-ri.eu",
            "urn:geant:x:group:broken%zz#a"),
        "crypt4ghPublicKeys", List.of("-----BEGIN CRYPT4GH PUBLIC KEY-----"),
        "minio_policies", "readwrite-project-1",
        "ssh_public_key", List.of("ssh-ed25519 AAAA alice")));
    assertThat(id.subject()).isEqualTo("0a11ce00");
    assertThat(id.memberOf("spe-project-1")).isTrue();
    assertThat(id.memberOf("spe-project-2")).isFalse();
    assertThat(id.hasRole("spe-project-1", "owner")).isTrue();
    assertThat(id.hasRole("spe-project-1", "member")).isFalse();
    assertThat(id.rawEntitlements()).hasSize(4);
    assertThat(id.entitlements()).hasSize(2);
    assertThat(id.groups()).containsExactly("spe-project-1");
    assertThat(id.minioPolicies()).containsExactly("readwrite-project-1");
    assertThat(id.sshPublicKeys()).hasSize(1);
    assertThat(id.crypt4ghPublicKeys()).hasSize(1);
    assertThat(id.displayName()).isEqualTo("alice");
    assertThatThrownBy(() -> SpeIdentity.fromClaims(Map.of("name", "x")))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.MISSING_CLAIM));
  }
}

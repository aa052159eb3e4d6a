package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.json.SpeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  final ProjectLayout layout = ProjectLayout.of("spe-project-1");

  JsonNode json(PolicyDocument p) throws Exception {
    return SpeJson.mapper().readTree(p.toJson());
  }

  @Test
  void layoutPrefixes() {
    assertThat(layout.bucket()).isEqualTo("spe-project-1");
    assertThat(layout.userPrefix("0a11ce00-5be0")).isEqualTo("users/0a11ce00-5be0/");
    assertThat(layout.datasetPrefix("cohort")).isEqualTo("datasets/cohort/");
    assertThat(layout.outputPrefix("s")).isEqualTo("outputs/s/");
    assertThatThrownBy(() -> layout.userPrefix("../x"))
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("sub");
    assertThatThrownBy(() -> ProjectLayout.of("bad/id"))
        .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("projectId");
  }

  @Test
  void userPrivatePolicyUsesJwtSub() throws Exception {
    JsonNode n = json(ProjectPolicies.userPrivate(layout));
    assertThat(n.get("Version").asText()).isEqualTo("2012-10-17");
    JsonNode s0 = n.get("Statement").get(0);
    assertThat(s0.get("Effect").asText()).isEqualTo("Allow");
    assertThat(s0.get("Resource").get(0).asText())
        .isEqualTo("arn:aws:s3:::spe-project-1/users/${jwt:sub}/*");
    JsonNode list = n.get("Statement").get(1);
    assertThat(list.get("Action").get(0).asText()).isEqualTo("s3:ListBucket");
    assertThat(list.at("/Condition/StringLike/s3:prefix").toString())
        .isEqualTo("[\"users/${jwt:sub}/\",\"users/${jwt:sub}/*\"]");
  }

  @Test
  void denyListingOthersCombinesConditions() throws Exception {
    JsonNode s = json(ProjectPolicies.denyListingOthers(layout)).get("Statement").get(0);
    assertThat(s.get("Effect").asText()).isEqualTo("Deny");
    assertThat(s.at("/Condition/StringLike/s3:prefix").toString()).contains("users/*");
    assertThat(s.at("/Condition/StringNotLike/s3:prefix").toString())
        .contains("users/${jwt:sub}/*");
  }

  @Test
  void datasetForEntitlementAndBucketPolicy() throws Exception {
    String ent = "urn:geant:lifescience-ri.eu:group:spe-project-1#aai.lifescience-ri.eu";
    JsonNode s = json(ProjectPolicies.datasetReadOnlyForEntitlement(layout, "cohort", ent))
        .get("Statement").get(0);
    assertThat(s.at("/Condition/ForAnyValue:StringEquals/jwt:eduperson_entitlement/0").asText())
        .isEqualTo(ent);
    JsonNode b = json(ProjectPolicies.datasetBucketPolicy(layout, "cohort",
        "arn:aws:iam:::role/readers")).get("Statement").get(0);
    assertThat(b.at("/Principal/AWS/0").asText()).isEqualTo("arn:aws:iam:::role/readers");
    assertThat(b.at("/Resource/0").asText())
        .isEqualTo("arn:aws:s3:::spe-project-1/datasets/cohort/*");
  }

  @Test
  void theTwoDeNbiMinioPoliciesAreExpressible() throws Exception {
    JsonNode byName = json(ProjectPolicies.deNbiMinioHomeByUsername("denbi-data"));
    assertThat(byName.toString()).contains("arn:aws:s3:::denbi-data/${jwt:preferred_username}/*");
    JsonNode list = json(ProjectPolicies.deNbiMinioHomesForUsers("denbi-data",
        List.of("alice", "bob")));
    assertThat(list.at("/Statement/1/Resource").toString())
        .isEqualTo("[\"arn:aws:s3:::denbi-data/alice/*\",\"arn:aws:s3:::denbi-data/bob/*\"]");
    assertThatThrownBy(() -> ProjectPolicies.deNbiMinioHomesForUsers("denbi-data",
        List.of("a/b"))).extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("users");
  }

  @Test
  void parseRoundTripsStoreShapes() {
    PolicyDocument p = ProjectPolicies.member(layout, List.of("cohort"));
    assertThat(PolicyDocument.parse(p.toJson())).isEqualTo(p);
    PolicyDocument single = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":"
        + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::b/*\"}}");
    assertThat(single.statements().get(0).principals().get("AWS")).containsExactly("*");
    assertThatThrownBy(() -> PolicyDocument.parse("{\"Statement\":[{\"Effect\":\"Maybe\"}]}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Effect");
    assertThatThrownBy(() -> PolicyStatement.allow().actions("GetObject").bucket("b").build())
        .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("actions");
  }
}

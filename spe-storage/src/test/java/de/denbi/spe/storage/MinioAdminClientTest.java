package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MinIO admin API calls as madmin-go sends them, signed with SigV4. */
class MinioAdminClientTest {
  MockWebServer server = new MockWebServer();
  List<AuditEvent> audit = new ArrayList<>();
  MinioAdminClient admin;

  @BeforeEach
  void start() throws Exception {
    server.start();
    admin = MinioAdminClient.builder().endpoint(server.url("/").uri())
        .credentials(CredentialsProvider.of("admin-ak", "admin-secret-key"))
        .auditSink(audit::add).actor("site-admin").build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  RecordedRequest next() throws Exception {
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=admin-ak/")
        .contains("/us-east-1/s3/aws4_request")
        .doesNotContain("admin-secret-key");
    assertThat(r.getHeaders().get("x-amz-content-sha256")).hasSize(64);
    return r;
  }

  @Test
  void cannedPolicies() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    PolicyDocument p = ProjectPolicies.userPrivate(ProjectLayout.of("spe-project-1"));
    admin.putPolicy("spe-project-1-member", p);
    RecordedRequest r = next();
    assertThat(r.getMethod()).isEqualTo("PUT");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/add-canned-policy");
    assertThat(r.getUrl().queryParameter("name")).isEqualTo("spe-project-1-member");
    assertThat(r.getBody().utf8()).isEqualTo(p.toJson());

    server.enqueue(new MockResponse.Builder().code(200).body("{\"readonly\":"
        + "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::*\"]}]}}").build());
    assertThat(admin.listPolicies()).containsOnlyKeys("readonly");
    assertThat(next().getUrl().encodedPath()).isEqualTo("/minio/admin/v3/list-canned-policies");

    server.enqueue(new MockResponse.Builder().code(200).build());
    admin.deletePolicy("old");
    RecordedRequest d = next();
    assertThat(d.getMethod()).isEqualTo("DELETE");
    assertThat(d.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/remove-canned-policy");
  }

  @Test
  void groupsAndAttachments() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    admin.addGroupMembers("spe-project-1", List.of("svc-a"));
    RecordedRequest g = next();
    assertThat(g.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/update-group-members");
    assertThat(g.getBody().utf8()).contains("\"group\":\"spe-project-1\"")
        .contains("\"members\":[\"svc-a\"]").contains("\"isRemove\":false");

    server.enqueue(new MockResponse.Builder().code(200).build());
    admin.attachPoliciesToGroup("spe-project-1", List.of("p1", "p2"));
    RecordedRequest a = next();
    assertThat(a.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/set-user-or-group-policy");
    assertThat(a.getUrl().queryParameter("policyName")).isEqualTo("p1,p2");
    assertThat(a.getUrl().queryParameter("isGroup")).isEqualTo("true");
    assertThat(audit).extracting(AuditEvent::action)
        .containsExactly("group.members.add", "policy.attach");
  }

  @Test
  void deniedIsAudited() {
    server.enqueue(new MockResponse.Builder().code(403).body("{\"Code\":\"AccessDenied\","
        + "\"Message\":\"Access Denied.\"}").build());
    assertThatThrownBy(() -> admin.attachPoliciesToUser("bob", List.of("p")))
        .isInstanceOf(ForbiddenException.class);
    assertThat(audit).singleElement().extracting(AuditEvent::outcome)
        .isEqualTo(AuditOutcome.DENIED);
  }

  @Test
  void localUsersAreCreatedWithAnEncryptedBodyDisabledAndRemoved() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    admin.createUser("pipeline-bot", "bot-secret-123456");
    RecordedRequest r = next();
    assertThat(r.getMethod()).isEqualTo("PUT");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/add-user");
    assertThat(r.getUrl().queryParameter("accessKey")).isEqualTo("pipeline-bot");
    byte[] body = r.getBody().toByteArray();
    assertThat(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("bot-secret-123456");
    String plain = new String(
        de.denbi.spe.storage.internal.MadminCrypto.decrypt("admin-secret-key", body),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(plain).isEqualTo("{\"secretKey\":\"bot-secret-123456\",\"status\":\"enabled\"}");

    server.enqueue(new MockResponse.Builder().code(200).build());
    admin.setUserEnabled("pipeline-bot", false);
    r = next();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/set-user-status");
    assertThat(r.getUrl().queryParameter("status")).isEqualTo("disabled");

    server.enqueue(new MockResponse.Builder().code(200).build());
    admin.removeUser("pipeline-bot");
    r = next();
    assertThat(r.getMethod()).isEqualTo("DELETE");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/minio/admin/v3/remove-user");

    assertThat(audit).extracting(AuditEvent::action)
        .containsSubsequence("user.create", "user.disable", "user.remove");
    assertThat(audit.toString()).doesNotContain("bot-secret-123456");
  }

  @Test
  void badUserInputIsRefusedBeforeAnythingIsSentAndTheSecretIsNotEchoed() {
    assertThatThrownBy(() -> admin.createUser("ab", "long-enough-secret"))
        .hasMessageContaining("accessKey");
    assertThatThrownBy(() -> admin.createUser("bot", "short"))
        .hasMessageContaining("secretKey")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> admin.createUser("bot;rm -rf", "long-enough-secret"))
        .hasMessageContaining("accessKey");
    assertThat(server.getRequestCount()).isZero();
  }
}

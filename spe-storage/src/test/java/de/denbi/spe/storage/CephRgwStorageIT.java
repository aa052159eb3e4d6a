package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.core.ForbiddenException;
import de.denbi.spe.core.SpeServiceException;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.json.SpeJson;
import de.denbi.spe.storage.internal.Hashing;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.LocalServiceEnv;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.S3Coordinates;
import de.denbi.spe.testkit.ServiceEnv;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the local Ceph RGW with Keycloak as the OIDC issuer: STS credentials from real user
 * tokens, isolation of users and projects by session policies, bucket policies, tags, SSE-C
 * multipart over HTTPS.
 */
@RequiresLocalService({LocalService.CEPH, LocalService.KEYCLOAK})
class CephRgwStorageIT {
  static final int MIB = 1024 * 1024;
  static final String ROLE = "spe-storage-it-role";
  @TempDir Path tmp;

  static Path repo(ServiceEnv env) {
    return env.file().toAbsolutePath().getParent().getParent().getParent();
  }

  static String run(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(cmd[0] + " failed with exit code " + p.exitValue());
    }
    return new String(out, StandardCharsets.UTF_8).strip();
  }

  /** A user's access token from Keycloak's device flow (the script plays the browser). */
  static String token(ServiceEnv kc, String user, String password) throws Exception {
    String json = run(Map.of(), repo(kc).resolve("scripts/services.d/keycloak/device-login.sh")
        .toString(), user, password);
    JsonNode n = SpeJson.mapper().readTree(json);
    return n.get("access_token").asText();
  }

  /** Registers Keycloak with RGW and a role that its tokens (aud spe-service) may assume. */
  static String roleArn(ServiceEnv ceph, ServiceEnv kc) throws Exception {
    return run(Map.of("SPE_STS_ROLE_NAME", ROLE),
        repo(ceph).resolve("scripts/services.d/ceph/register-oidc.sh").toString(),
        kc.require("SPE_OIDC_ISSUER"), kc.require("SPE_OIDC_AUDIENCE"));
  }

  StorageClient client(S3Coordinates s3, CredentialsProvider creds) {
    return StorageClient.builder().endpoint(s3.endpoint()).region(s3.region())
        .credentials(creds).partSize(5 * MIB).resumeDirectory(tmp.resolve("j")).build();
  }

  StsCredentialsProvider sts(S3Coordinates s3, String role, String jwt, PolicyDocument session) {
    return StsCredentialsProvider.builder().stsEndpoint(s3.stsEndpoint() != null
            ? s3.stsEndpoint() : s3.endpoint())
        .roleArn(role).webIdentity(AccessTokenSource.of(jwt)).duration(Duration.ofHours(1))
        .sessionPolicy(session).build();
  }

  @Test
  void stsIsolationPoliciesAndTags(@LocalServiceEnv(LocalService.CEPH) ServiceEnv ceph,
      @LocalServiceEnv(LocalService.KEYCLOAK) ServiceEnv kc) throws Exception {
    S3Coordinates s3 = S3Coordinates.from(ceph);
    String role = roleArn(ceph, kc);
    String aliceSub = kc.require("SPE_OIDC_USER_SUB");
    String bobSub = kc.require("SPE_OIDC_USER2_SUB");
    String aliceJwt = token(kc, kc.require("SPE_OIDC_USER"), kc.require("SPE_OIDC_PASSWORD"));
    String bobJwt = token(kc, kc.require("SPE_OIDC_USER2"), kc.require("SPE_OIDC_PASSWORD2"));
    String run = UUID.randomUUID().toString().substring(0, 8);
    ProjectLayout p1 = new ProjectLayout("spe-project-1", "spe-it-p1-" + run);
    ProjectLayout p2 = new ProjectLayout("spe-project-2", "spe-it-p2-" + run);

    List<Runnable> cleanup = new ArrayList<>();
    try (StorageClient aliceOwner = client(s3, sts(s3, role, aliceJwt, null));
        StorageClient bobOwner = client(s3, sts(s3, role, bobJwt, null))) {
      // each project's bucket, created with a member's STS credentials
      ProjectSpaces.create(aliceOwner, p1, List.of("cohort"));
      cleanup.add(() -> {
        aliceOwner.deletePrefix(p1.bucket(), "");
        aliceOwner.deleteBucket(p1.bucket());
      });
      ProjectSpaces.create(bobOwner, p2, List.of());
      cleanup.add(() -> {
        bobOwner.deletePrefix(p2.bucket(), "");
        bobOwner.deleteBucket(p2.bucket());
      });
      aliceOwner.putObject(p1.bucket(), p1.userPrefix(bobSub) + "secret.txt",
          "bob's".getBytes(StandardCharsets.UTF_8));
      bobOwner.putObject(p2.bucket(), p2.userPrefix(bobSub) + "p2.txt", new byte[] {2});

      // alice with a session policy for her own area in project 1 only
      PolicyDocument aliceOnly = ProjectPolicies.userPrivate(p1, aliceSub);
      try (StorageClient alice = client(s3, sts(s3, role, aliceJwt, aliceOnly))) {
        String mine = p1.userPrefix(aliceSub) + "data.bin";
        alice.putObject(p1.bucket(), mine, new byte[] {1, 2, 3});
        assertThat(alice.getObjectBytes(p1.bucket(), mine)).containsExactly(1, 2, 3);
        assertThat(alice.list(p1.bucket(), p1.userPrefix(aliceSub)).stream()).hasSize(1);

        assertThatThrownBy(() -> alice.getObjectBytes(p1.bucket(),
            p1.userPrefix(bobSub) + "secret.txt")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> alice.list(p1.bucket(), p1.userPrefix(bobSub)).stream().count())
            .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> alice.putObject(p1.bucket(), p1.userPrefix(bobSub) + "x",
            new byte[1])).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> alice.getObjectBytes(p2.bucket(),
            p2.userPrefix(bobSub) + "p2.txt")).isInstanceOf(ForbiddenException.class);

        // tags on her own object
        alice.setObjectTags(p1.bucket(), mine, Map.of("classification", "sensitive"));
        assertThat(alice.objectTags(p1.bucket(), mine))
            .containsEntry("classification", "sensitive");
      }

      // a bucket policy takes effect: deny reading a dataset to everyone, then lift it
      String restricted = p1.datasetPrefix("cohort") + "restricted.vcf";
      aliceOwner.putObject(p1.bucket(), restricted, "ACGT".getBytes(StandardCharsets.UTF_8));
      assertThat(aliceOwner.getObjectBytes(p1.bucket(), restricted)).hasSize(4);
      aliceOwner.setBucketPolicy(p1.bucket(), PolicyDocument.of(PolicyStatement.deny()
          .sid("Embargo").principals("*").actions("s3:GetObject")
          .objects(p1.bucket(), p1.datasetPrefix("cohort") + "*").build()));
      assertThat(aliceOwner.bucketPolicy(p1.bucket())).isPresent();
      assertThatThrownBy(() -> aliceOwner.getObjectBytes(p1.bucket(), restricted))
          .isInstanceOf(SpeServiceException.class)
          .satisfies(e -> assertThat(((SpeServiceException) e).statusCode()).isEqualTo(403));
      aliceOwner.deleteBucketPolicy(p1.bucket());
      assertThat(aliceOwner.getObjectBytes(p1.bucket(), restricted)).hasSize(4);
    } finally {
      for (Runnable r : cleanup) {
        try {
          r.run();
        } catch (RuntimeException e) {
          System.err.println("cleanup failed: " + e.getMessage());
        }
      }
    }
  }

  @Test
  void sseCMultipartOverHttps(@LocalServiceEnv(LocalService.CEPH) ServiceEnv ceph)
      throws Exception {
    S3Coordinates s3 = S3Coordinates.from(ceph);
    org.junit.jupiter.api.Assumptions.assumeTrue(s3.httpsEndpoint() != null
        && s3.caCertificate() != null, "no SPE_S3_ENDPOINT_HTTPS / SPE_S3_CA_CERT");
    SpeHttpClient http = SpeHttpClient.builder().serviceName("S3")
        .trustedCertificates(s3.caCertificate()).build();
    SseCustomerKey key = SseCustomerKey.random();
    TransferOptions enc = TransferOptions.of(o -> o.sseCustomerKey(key));
    try (StorageClient c = StorageClient.builder().endpoint(s3.httpsEndpoint())
        .region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).httpClient(http)
        .partSize(5 * MIB).resume(false).build()) {
      String bucket = "spe-it-ssec-" + UUID.randomUUID().toString().substring(0, 8);
      c.createBucket(bucket);
      try {
        byte[] data = new byte[12 * MIB + 3];
        new Random(5).nextBytes(data);
        Path src = Files.write(tmp.resolve("ssec.bin"), data);
        c.upload(src, bucket, "ssec.bin", enc);
        // without the key the store refuses to read it
        assertThatThrownBy(() -> c.stat(bucket, "ssec.bin"))
            .isInstanceOf(SpeServiceException.class);
        assertThat(c.stat(bucket, "ssec.bin", key).sha256())
            .contains(Hashing.sha256Hex(data, data.length));
        try (var in = c.openObject(bucket, "ssec.bin", 7 * MIB, 64, key)) {
          assertThat(in.readAllBytes())
              .isEqualTo(java.util.Arrays.copyOfRange(data, 7 * MIB, 7 * MIB + 64));
        }
        Path out = tmp.resolve("ssec.out");
        assertThat(c.download(bucket, "ssec.bin", out, enc).verified()).isTrue();
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
      } finally {
        c.deletePrefix(bucket, "");
        c.deleteBucket(bucket);
      }
    }
  }

  @Test
  void plainTransfersOverHttp(S3Coordinates s3) throws Exception {
    try (StorageClient c = client(s3, CredentialsProvider.of(s3.accessKey(), s3.secretKey()))) {
      String bucket = "spe-it-xfer-" + UUID.randomUUID().toString().substring(0, 8);
      c.createBucket(bucket);
      try {
        byte[] data = new byte[11 * MIB];
        new Random(6).nextBytes(data);
        Path src = Files.write(tmp.resolve("m.bin"), data);
        TransferResult up = c.upload(src, bucket, "m.bin");
        // RGW answers multipart completion with an empty ETag: the SDK does not depend on it
        assertThat(c.stat(bucket, "m.bin").sha256()).contains(up.sha256());
        assertThat(c.download(bucket, "m.bin", tmp.resolve("m.out")).verified()).isTrue();
        PresignedUrl link = c.presignGet(bucket, "m.bin", Duration.ofMinutes(2));
        assertThat(URI.create(link.url().toString()).getRawQuery()).contains("X-Amz-Signature");
      } finally {
        c.deletePrefix(bucket, "");
        c.deleteBucket(bucket);
      }
    }
  }
}

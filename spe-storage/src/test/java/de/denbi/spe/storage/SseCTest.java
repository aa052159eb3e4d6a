package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.storage.internal.Hashing;
import de.denbi.spe.testkit.S3ProxyFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SSE-C over HTTPS against s3proxy (which accepts the headers; Ceph RGW enforces them: see the IT). */
class SseCTest {
  static final int MIB = 1024 * 1024;
  @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.https();
  @TempDir Path tmp;

  @Test
  void singleMultipartAndRangedReadsWithTheKey() throws Exception {
    SpeHttpClient http = SpeHttpClient.builder().serviceName("S3")
        .trustedCertificates(s3.caCertificateFile()).build();
    SseCustomerKey key = SseCustomerKey.random();
    assertThat(key.toString()).doesNotContain(java.util.Base64.getEncoder()
        .encodeToString(key.bytes()));
    try (StorageClient c = StorageClient.builder().endpoint(s3.endpoint()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).httpClient(http).partSize(5 * MIB)
        .resume(false).build()) {
      String bucket = "s-" + UUID.randomUUID().toString().substring(0, 8);
      c.createBucket(bucket);
      TransferOptions enc = TransferOptions.of(o -> o.sseCustomerKey(key));
      byte[] small = "secret genome".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      c.putObject(bucket, "small", small, enc);
      assertThat(c.getObjectBytes(bucket, "small", enc)).isEqualTo(small);

      byte[] big = new byte[11 * MIB + 5];
      new Random(9).nextBytes(big);
      Path src = Files.write(tmp.resolve("big"), big);
      c.upload(src, bucket, "big", enc);
      assertThat(c.stat(bucket, "big", key).sha256()).contains(Hashing.sha256Hex(big, big.length));
      try (InputStream in = c.openObject(bucket, "big", 6 * MIB, 100, key)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(big, 6 * MIB, 6 * MIB + 100));
      }
      Path out = tmp.resolve("out");
      assertThat(c.download(bucket, "big", out, enc).verified()).isTrue();
      assertThat(Files.readAllBytes(out)).isEqualTo(big);
      c.deletePrefix(bucket, "");
      c.deleteBucket(bucket);
    }
  }
}

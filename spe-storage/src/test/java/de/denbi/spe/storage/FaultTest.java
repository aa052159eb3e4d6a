package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.http.RetryPolicy;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.storage.internal.Hashing;
import de.denbi.spe.testkit.S3ProxyFixture;
import de.denbi.spe.testkit.faults.TcpFaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Connections cut in the middle of parts and downloads, through {@link TcpFaultProxy}. */
class FaultTest {
  static final int MIB = 1024 * 1024;
  @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.http();
  @TempDir Path tmp;
  TcpFaultProxy proxy;
  StorageClient direct;
  String bucket;

  @BeforeEach
  void setUp() {
    proxy = TcpFaultProxy.to(s3.endpoint()).start();
    direct = client(s3.endpoint().toString(), 4);
    bucket = "f-" + UUID.randomUUID().toString().substring(0, 8);
    direct.createBucket(bucket);
  }

  @AfterEach
  void tearDown() {
    direct.deletePrefix(bucket, "");
    direct.deleteBucket(bucket);
    direct.close();
    proxy.close();
  }

  StorageClient client(String endpoint, int attempts) {
    // no HTTP-level retries: the transfer engine's own part retries and resume are under test
    SpeHttpClient http = SpeHttpClient.builder().serviceName("S3").retryPolicy(RetryPolicy.none())
        .readTimeout(Duration.ofSeconds(20)).build();
    return StorageClient.builder().endpoint(endpoint).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).httpClient(http)
        .partSize(5 * MIB).concurrency(2).attempts(attempts)
        .resumeDirectory(tmp.resolve("journals")).build();
  }

  Path file(int size, long seed) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(tmp.resolve("src-" + seed + ".bin"), b);
  }

  @Test
  void aPartCutInTheMiddleIsSentAgainAndTheChecksumMatches() throws Exception {
    Path src = file(18 * MIB, 1);
    proxy.cutUpstreamAfter(7 * MIB + 12345, 1); // inside the second part
    try (StorageClient c = client(proxy.uri("http").toString(), 4)) {
      TransferResult r = c.upload(src, bucket, "cut.bin");
      assertThat(proxy.cuts()).isEqualTo(1);
      assertThat(r.sha256()).isEqualTo(Hashing.sha256Hex(src));
    }
    ObjectInfo info = direct.stat(bucket, "cut.bin");
    assertThat(info.sha256()).contains(Hashing.sha256Hex(src));
    Path back = tmp.resolve("back.bin");
    assertThat(direct.download(bucket, "cut.bin", back).verified()).isTrue();
    assertThat(Hashing.sha256Hex(back)).isEqualTo(Hashing.sha256Hex(src));
  }

  @Test
  void anUploadThatFailsIsResumedLaterWithTheMissingPartsOnly() throws Exception {
    Path src = file(21 * MIB, 2); // 5 parts
    try (StorageClient c = client(proxy.uri("http").toString(), 1)) {
      // the connection dies in the third part and the network stays down: the upload fails,
      // its journal stays
      proxy.cutUpstreamAfter(12 * MIB, 1);
      assertThatThrownBy(() -> c.upload(src, bucket, "resume.bin",
          TransferOptions.of(o -> o.concurrency(1).progressInterval(java.time.Duration.ZERO).progress(p -> {
            if (p.bytesTransferred() >= 10L * MIB) {
              proxy.refuseConnections(true);
            }
          })))).isInstanceOf(SpeException.class);
    }
    proxy.heal();
    long before = proxy.bytesUp();
    try (StorageClient c = client(proxy.uri("http").toString(), 4)) {
      TransferResult r = c.upload(src, bucket, "resume.bin");
      assertThat(r.resumedParts()).isGreaterThanOrEqualTo(1);
      assertThat(proxy.bytesUp() - before).isLessThan(21L * MIB - 4L * MIB);
    }
    assertThat(direct.stat(bucket, "resume.bin").sha256()).contains(Hashing.sha256Hex(src));
    assertThat(direct.getObjectBytes(bucket, "resume.bin")).isEqualTo(Files.readAllBytes(src));
  }

  @Test
  void aDownloadCutHalfwayLeavesNoFileAtTheTarget() throws Exception {
    Path src = file(4 * MIB, 3);
    direct.upload(src, bucket, "d.bin");
    proxy.cutDownstreamAfter(2 * MIB, 1000);
    Path target = tmp.resolve("out/d.bin");
    try (StorageClient c = client(proxy.uri("http").toString(), 1)) {
      assertThatThrownBy(() -> c.download(bucket, "d.bin", target))
          .isInstanceOf(SpeException.class);
    }
    assertThat(target).doesNotExist();
    assertThat(target.getParent().toFile().list()).isEmpty(); // no temp file left either
    proxy.heal();
    try (StorageClient c = client(proxy.uri("http").toString(), 1)) {
      assertThat(c.download(bucket, "d.bin", target).verified()).isTrue();
    }
    assertThat(Hashing.sha256Hex(target)).isEqualTo(Hashing.sha256Hex(src));
  }
}

package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.testkit.S3ProxyFixture;
import de.denbi.spe.testkit.faults.TcpFaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many small objects at the default concurrency reuse their kept-alive connections. OkHttp's
 * default pool keeps 5 idle connections, so with 8 transfers at a time it closed one connection
 * after another (115 new connections for 1,000 downloads from Ceph RGW).
 */
class ConnectionReuseTest {
  @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.http();
  @TempDir Path tmp;

  @Test
  void aTreeOfSmallFilesUsesNoMoreConnectionsThanTransfersRunAtOnce() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("tree"));
    Random r = new Random(5);
    for (int i = 0; i < 150; i++) {
      byte[] b = new byte[1 + r.nextInt(20_000)];
      r.nextBytes(b);
      Files.write(dir.resolve("f" + i + ".bin"), b);
    }
    String bucket = "c-" + UUID.randomUUID().toString().substring(0, 8);
    try (TcpFaultProxy proxy = TcpFaultProxy.to(s3.endpoint()).start();
        StorageClient client = StorageClient.builder().endpoint(proxy.uri("http"))
            .region(s3.region()).credentials(s3.accessKey(), s3.secretKey())
            .concurrency(8).resume(false).build()) {
      client.createBucket(bucket);
      for (int round = 0; round < 3; round++) {
        TreeTransferResult up = client.uploadDirectory(dir, bucket, "t" + round,
            TransferOptions.defaults());
        TreeTransferResult down = client.downloadDirectory(bucket, "t" + round,
            tmp.resolve("down" + round), TransferOptions.defaults());
        assertThat(up.files()).hasSize(150);
        assertThat(down.files()).hasSize(150).allSatisfy(f -> assertThat(f.verified()).isTrue());
      }
      // 8 transfers at a time need 8 connections; a pool that keeps fewer idle reconnects
      assertThat(proxy.connections()).isLessThanOrEqualTo(8);
      client.deletePrefix(bucket, "");
      client.deleteBucket(bucket);
    }
  }

  static java.util.Set<Thread> dispatcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("OkHttp Dispatcher"))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void closingAClientEndsItsDispatcherThreadsAtOnce() throws Exception {
    java.util.Set<Thread> before = dispatcherThreads();
    java.util.Set<Thread> during;
    try (StorageClient client = StorageClient.builder().endpoint(s3.endpoint())
        .region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build()) {
      String bucket = "d-" + UUID.randomUUID().toString().substring(0, 8);
      client.createBucket(bucket);
      client.putObject(bucket, "k", new byte[] {1, 2, 3});
      assertThat(client.getObjectBytes(bucket, "k")).containsExactly(1, 2, 3);
      client.deletePrefix(bucket, "");
      client.deleteBucket(bucket);
      during = dispatcherThreads();
      during.removeAll(before);
      assertThat(during).isNotEmpty(); // minio-java's calls ran on this client's dispatcher
    }
    // without close() they would idle for OkHttp's keep-alive of 60 s (and keep a JVM alive)
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (during.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(during).noneMatch(Thread::isAlive);
  }
}

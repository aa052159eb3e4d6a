package de.denbi.spe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.storage.internal.Hashing;
import de.denbi.spe.storage.internal.UploadJournal;
import de.denbi.spe.testkit.S3ProxyFixture;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Transfers against an in-JVM s3proxy. */
class StorageClientTest {
  static final long MIB = 1024 * 1024;

  @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.http();

  @TempDir Path tmp;
  StorageClient client;
  String bucket;
  final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    client = newClient(b -> {});
    bucket = "t-" + UUID.randomUUID().toString().substring(0, 8);
    client.createBucket(bucket);
  }

  StorageClient newClient(java.util.function.Consumer<StorageClient.Builder> extra) {
    return StorageClient.builder()
        .endpoint(s3.endpoint())
        .region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey())
        .partSize(5 * MIB)
        .concurrency(3)
        .resumeDirectory(tmp.resolve("journals"))
        .auditSink(audit::add)
        .actor("alice-sub")
        .apply(extra)
        .build();
  }

  @AfterEach
  void tearDown() {
    client.deletePrefix(bucket, "");
    client.deleteBucket(bucket);
    client.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void putGetStatWithSha256InMetadata() {
    byte[] data = "hello SPE".getBytes(StandardCharsets.UTF_8);
    TransferResult r = client.putObject(bucket, "a/hello.txt", data);
    assertThat(r.sha256()).isEqualTo(Hashing.sha256Hex(data, data.length));
    ObjectInfo info = client.stat(bucket, "a/hello.txt");
    assertThat(info.size()).isEqualTo(data.length);
    assertThat(info.sha256()).contains(r.sha256());
    assertThat(client.getObjectBytes(bucket, "a/hello.txt")).isEqualTo(data);
    assertThat(audit).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("object.put");
      assertThat(e.actor()).isEqualTo("alice-sub");
      assertThat(e.details()).containsEntry("sha256", r.sha256());
    });
  }

  @Test
  void missingObjectIsNotFound() {
    assertThatThrownBy(() -> client.stat(bucket, "nope")).isInstanceOf(NotFoundException.class);
    assertThat(client.exists(bucket, "nope")).isFalse();
  }

  @Test
  void multipartFileUploadAndRangedParallelDownloadAreVerified() throws IOException {
    byte[] data = random((int) (17 * MIB + 123), 1);
    Path src = Files.write(tmp.resolve("big.bin"), data);
    List<TransferProgress> seen = Collections.synchronizedList(new ArrayList<>());
    TransferResult up = client.upload(src, bucket, "big/big.bin",
        TransferOptions.of(o -> o.progress(seen::add)));
    assertThat(up.sha256()).isEqualTo(Hashing.sha256Hex(data, data.length));
    assertThat(seen).isNotEmpty();
    TransferProgress last = seen.get(seen.size() - 1);
    assertThat(last.bytesTransferred()).isEqualTo(data.length);
    assertThat(last.totalBytes()).isEqualTo(data.length);
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(client.stat(bucket, "big/big.bin").sha256()).contains(up.sha256());
    assertThat(tmp.resolve("journals")).isEmptyDirectory();

    Path target = tmp.resolve("out/big.bin");
    TransferResult down = client.download(bucket, "big/big.bin", target);
    assertThat(down.verified()).isTrue();
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("big.bin");
    }
  }

  @Test
  void aSingleDownloadReportsItsTotalAndSendsNoHeadBeforeTheGet() throws IOException {
    byte[] data = random((int) (3 * MIB), 7);
    client.putObject(bucket, "one.bin", data);
    List<String> requests = Collections.synchronizedList(new ArrayList<>());
    java.util.logging.Logger http = java.util.logging.Logger.getLogger("de.denbi.spe.http");
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        String m = r.getMessage();
        if (m.contains(" --> ")) {
          requests.add(m.substring(m.indexOf(" --> ") + 5, m.indexOf(' ', m.indexOf(" --> ") + 5)));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Level before = http.getLevel();
    http.setLevel(java.util.logging.Level.INFO);
    http.addHandler(h);
    List<TransferProgress> seen = Collections.synchronizedList(new ArrayList<>());
    try (StorageClient logged = newClient(b -> b.httpClient(
        de.denbi.spe.core.http.SpeHttpClient.builder().serviceName("S3")
            .logLevel(de.denbi.spe.core.http.HttpLogLevel.BASIC).build()))) {
      Path target = tmp.resolve("one.out");
      TransferResult r = logged.download(bucket, "one.bin", target,
          TransferOptions.of(o -> o.progressInterval(Duration.ZERO).progress(seen::add)));
      assertThat(r.verified()).isTrue();
      assertThat(Files.readAllBytes(target)).isEqualTo(data);
    } finally {
      http.removeHandler(h);
      http.setLevel(before);
    }
    assertThat(requests).containsExactly("GET");
    assertThat(seen).isNotEmpty().allSatisfy(p -> assertThat(p.totalBytes()).isEqualTo(data.length));
    assertThat(seen.get(seen.size() - 1).bytesTransferred()).isEqualTo(data.length);
  }

  @Test
  void aRangedDownloadWhoseDataDoesNotMatchItsChecksumLeavesNoFile() throws Exception {
    byte[] data = random((int) (12 * MIB), 8);
    byte[] other = data.clone();
    other[(int) (7 * MIB)] ^= 1; // one bit in the middle range
    io.minio.MinioClient m = io.minio.MinioClient.builder().endpoint(s3.endpoint().toString())
        .credentials(s3.accessKey(), s3.secretKey()).build();
    m.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object("ranged")
        .stream(new ByteArrayInputStream(other), (long) other.length, 5 * MIB)
        .userMetadata(Map.of("sha256", Hashing.sha256Hex(data, data.length))).build());
    Path target = tmp.resolve("ranged.out");
    assertThatThrownBy(() -> client.download(bucket, "ranged", target))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThat(target).doesNotExist();
    assertThat(tmp.toFile().list()).noneMatch(n -> n.contains("spe-partial"));
    // and the hash of a good ranged download is the object's (ranges hashed in order)
    client.putObject(bucket, "good", data);
    Path good = tmp.resolve("good.out");
    TransferResult r = client.download(bucket, "good", good);
    assertThat(r.verified()).isTrue();
    assertThat(r.sha256()).isEqualTo(Hashing.sha256Hex(data, data.length));
  }

  @Test
  void rangedReads() {
    byte[] data = random(100_000, 2);
    client.putObject(bucket, "r.bin", data);
    try (InputStream in = client.openObject(bucket, "r.bin", 1000, 500, null)) {
      byte[] got = in.readAllBytes();
      assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 1500));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void unknownLengthStreamUsesBoundedBuffersAndRecordsSha() {
    byte[] data = random((int) (12 * MIB + 7), 3);
    AtomicInteger maxRead = new AtomicInteger();
    InputStream in = new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        maxRead.accumulateAndGet(len, Math::max);
        return super.read(b, off, len);
      }
    };
    TransferResult r = client.upload(in, bucket, "stream.bin", TransferOptions.defaults());
    assertThat(r.bytes()).isEqualTo(data.length);
    assertThat(r.sha256()).isEqualTo(Hashing.sha256Hex(data, data.length));
    assertThat(client.stat(bucket, "stream.bin").sha256()).contains(r.sha256());
    assertThat(client.getObjectBytes(bucket, "stream.bin")).isEqualTo(data);
  }

  @Test
  void aFileBeyondTheMemoryBudgetGoesUpInPartsStreamedFromTheFileNotInOneBufferedPut()
      throws IOException {
    byte[] data = random((int) (3 * MIB + 5), 11);
    Path src = Files.write(tmp.resolve("mid.bin"), data);
    // 3 MiB is below the 5 MiB part size but above the 1 MiB budget: one PUT would hold it all
    try (StorageClient small = newClient(b -> b.memoryBudget(MIB))) {
      TransferResult r = small.upload(src, bucket, "mid.bin", TransferOptions.defaults());
      assertThat(r.sha256()).isEqualTo(Hashing.sha256Hex(data, data.length));
    }
    assertThat(audit).noneMatch(e -> "object.upload".equals(e.action())
        && e.outcome() != AuditOutcome.SUCCESS);
    ObjectInfo info = client.stat(bucket, "mid.bin");
    assertThat(info.etag()).endsWith("-1"); // a multipart upload of one part
    assertThat(info.sha256()).contains(Hashing.sha256Hex(data, data.length));
    assertThat(client.getObjectBytes(bucket, "mid.bin")).isEqualTo(data);
  }

  @Test
  void aStreamWhosePartWouldNotFitTheMemoryBudgetIsRefusedBeforeAnythingIsSent() {
    InputStream in = new ByteArrayInputStream(new byte[10]);
    assertThatThrownBy(() -> client.upload(in, bucket, "s.bin",
        TransferOptions.of(o -> o.partSize(128 * MIB))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("partSize").hasMessageContaining("memory budget");
    assertThat(client.exists(bucket, "s.bin")).isFalse();
  }

  @Test
  void smallStreamIsOnePut() {
    TransferResult r = client.upload(new ByteArrayInputStream(new byte[0]), bucket, "empty",
        TransferOptions.defaults());
    assertThat(r.bytes()).isZero();
    assertThat(client.getObjectBytes(bucket, "empty")).isEmpty();
  }

  @Test
  void resumesAnInterruptedMultipartUploadFromItsJournal() throws Exception {
    byte[] data = random((int) (16 * MIB), 4);
    Path src = Files.write(tmp.resolve("resume.bin"), data);
    // interrupt an upload for real: close its client once two of four parts are acknowledged
    Path journals = tmp.resolve("journals");
    StorageClient cut = newClient(b -> b.attempts(1).concurrency(1));
    try {
      assertThatThrownBy(() -> cut.upload(src, bucket, "resume.bin", TransferOptions.of(o ->
          o.concurrency(1).progressInterval(java.time.Duration.ZERO).progress(p -> {
            if (p.bytesTransferred() >= 10 * MIB) {
              cut.close(); // stops the transfer threads mid-upload
            }
          })))).isInstanceOf(RuntimeException.class);
      Thread.interrupted(); // close() may have interrupted this thread too
    } finally {
      cut.close();
    }
    try (Stream<Path> s = Files.list(journals)) {
      Path j = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
      UploadJournal journal = UploadJournal.load(j);
      assertThat(journal).isNotNull();
      assertThat(journal.parts()).isNotEmpty();
    }
    TransferResult r = client.upload(src, bucket, "resume.bin");
    assertThat(r.resumedParts()).isGreaterThanOrEqualTo(1);
    assertThat(client.stat(bucket, "resume.bin").sha256())
        .contains(Hashing.sha256Hex(data, data.length));
    assertThat(client.getObjectBytes(bucket, "resume.bin")).isEqualTo(data);
    try (Stream<Path> s = Files.list(journals)) {
      assertThat(s.filter(p -> p.toString().endsWith(".json"))).isEmpty();
    }
  }

  @Test
  void reusedBuffersCarryNoBytesFromOneObjectIntoTheNext() throws IOException {
    // one at a time, large before small, so that every small file is read into (and every
    // small download passes through) an array that held a larger file's bytes before
    int[] sizes = {3 * (int) MIB + 17, (int) MIB, 0, 1, 65_535, 65_536, 65_537, (int) MIB + 1,
        2 * (int) MIB, 300_000, 7};
    Path dir = tmp.resolve("many");
    Files.createDirectories(dir);
    Map<String, byte[]> want = new java.util.HashMap<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] data = random(sizes[i], 100 + i);
      String name = String.format("f%02d.bin", i);
      Files.write(dir.resolve(name), data);
      want.put(name, data);
    }
    TransferOptions one = TransferOptions.of(o -> o.concurrency(1));
    for (int i = 0; i < sizes.length; i++) {
      String name = String.format("f%02d.bin", i);
      TransferResult r = client.upload(dir.resolve(name), bucket, "many/" + name, one);
      assertThat(r.sha256()).isEqualTo(Hashing.sha256Hex(want.get(name), sizes[i]));
      assertThat(client.getObjectBytes(bucket, "many/" + name)).isEqualTo(want.get(name));
    }
    Path out = tmp.resolve("many-down");
    TreeTransferResult down = client.downloadDirectory(bucket, "many/", out, one);
    assertThat(down.files()).hasSize(sizes.length).allSatisfy(f -> assertThat(f.verified())
        .isTrue());
    for (Map.Entry<String, byte[]> e : want.entrySet()) {
      assertThat(Files.readAllBytes(out.resolve(e.getKey()))).as(e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void treeUploadDownloadWithIncludeExcludeAndSync() throws IOException {
    Path dir = tmp.resolve("tree");
    Files.createDirectories(dir.resolve("raw/sub"));
    Files.writeString(dir.resolve("a.vcf"), "A");
    Files.writeString(dir.resolve("raw/b.vcf"), "BB");
    Files.writeString(dir.resolve("raw/sub/c.tmp"), "CCC");
    Files.writeString(dir.resolve("raw/sub/d.vcf"), "DDDD");
    TreeTransferResult up = client.uploadDirectory(dir, bucket, "proj",
        TransferOptions.of(o -> o.include("*.vcf").exclude("raw/sub/**")));
    assertThat(up.files()).extracting(TransferResult::key)
        .containsExactlyInAnyOrder("proj/a.vcf", "proj/raw/b.vcf");

    TreeTransferResult again = client.uploadDirectory(dir, bucket, "proj/",
        TransferOptions.of(o -> o.include("*.vcf").exclude("raw/sub/**").skipUnchanged(true)));
    assertThat(again.skipped()).isEqualTo(2);
    assertThat(again.transferred()).isZero();

    Files.writeString(dir.resolve("a.vcf"), "changed");
    TreeTransferResult third = client.uploadDirectory(dir, bucket, "proj",
        TransferOptions.of(o -> o.include("*.vcf").exclude("raw/sub/**").skipUnchanged(true)));
    assertThat(third.transferred()).isEqualTo(1);

    Path out = tmp.resolve("down");
    TreeTransferResult down = client.downloadDirectory(bucket, "proj", out,
        TransferOptions.defaults());
    assertThat(down.files()).hasSize(2);
    assertThat(Files.readString(out.resolve("a.vcf"))).isEqualTo("changed");
    assertThat(Files.readString(out.resolve("raw/b.vcf"))).isEqualTo("BB");
    TreeTransferResult sync = client.downloadDirectory(bucket, "proj", out,
        TransferOptions.of(o -> o.skipUnchanged(true)));
    assertThat(sync.skipped()).isEqualTo(2);
  }

  @Test
  void checksumMismatchLeavesNoFile() {
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    client.putObject(bucket, "x", data, TransferOptions.of(o -> o.metadata("note", "n")));
    // overwrite with a lying checksum through the raw metadata path
    try (StorageClient raw = newClient(b -> {})) {
      raw.putObject(bucket, "y", data);
    }
    byte[] other = "tampered".getBytes(StandardCharsets.UTF_8);
    io.minio.MinioClient m = io.minio.MinioClient.builder().endpoint(s3.endpoint().toString())
        .credentials(s3.accessKey(), s3.secretKey()).build();
    try {
      m.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object("y")
          .data(other, other.length)
          .userMetadata(Map.of("sha256", Hashing.sha256Hex(data, data.length))).build());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Path target = tmp.resolve("y.out");
    assertThatThrownBy(() -> client.download(bucket, "y", target))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThat(target).doesNotExist();
    assertThat(tmp.toFile().list()).noneMatch(n -> n.contains("spe-partial"));
    assertThat(audit).anySatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILURE));
  }

  @Test
  void presignedLinksWorkAndAreCapped() throws Exception {
    byte[] data = "shared".getBytes(StandardCharsets.UTF_8);
    client.putObject(bucket, "share.txt", data);
    PresignedUrl get = client.presignGet(bucket, "share.txt", Duration.ofMinutes(5));
    assertThat(get.toString()).doesNotContain(get.url().getRawQuery());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(get.url()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.body()).isEqualTo(data);

    PresignedUrl put = client.presignPut(bucket, "dropbox.txt", Duration.ofMinutes(5));
    HttpResponse<String> pr = http.send(HttpRequest.newBuilder(put.url())
        .PUT(HttpRequest.BodyPublishers.ofString("via link")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(pr.statusCode()).isEqualTo(200);

    try (StorageClient capped = newClient(b -> b.maxPresignExpiry(Duration.ofHours(1)))) {
      assertThatThrownBy(() -> capped.presignGet(bucket, "share.txt", Duration.ofHours(2)))
          .isInstanceOf(InvalidRequestException.class)
          .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("expiry");
    }
  }

  @Test
  void sseCIsRefusedOverHttp() {
    assertThatThrownBy(() -> client.putObject(bucket, "k", new byte[1],
        TransferOptions.of(o -> o.sseCustomerKey(SseCustomerKey.random()))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("HTTPS")
        .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("sseCustomerKey");
  }

  @Test
  void lazyListingFetchesPagesAsIterated() {
    for (int i = 0; i < 5; i++) {
      client.putObject(bucket, "l/" + i, new byte[] {(byte) i});
    }
    assertThat(client.list(bucket, "l/").stream().map(ObjectInfo::key))
        .containsExactly("l/0", "l/1", "l/2", "l/3", "l/4");
    assertThat(client.list(bucket, "l/").stream().findFirst()).isPresent();
  }

  @Test
  void builderNamesTheBadSetting() {
    assertThatThrownBy(() -> StorageClient.builder().credentials("a", "b").build())
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("endpoint");
    assertThatThrownBy(() -> StorageClient.builder().endpoint(URI.create("http://h"))
        .credentials("a", "b").partSize(1024).build())
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("partSize");
    assertThatThrownBy(() -> StorageClient.builder().endpoint(URI.create("http://h")).build())
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("credentials");
    assertThatThrownBy(() -> client.putObject("Bad_Bucket", "k", new byte[1]))
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("bucket");
    assertThat(StorageClient.builder().endpoint("http://h").credentials("AKID", "s3cr3t-value")
        .build().toString()).doesNotContain("s3cr3t-value");
  }
}

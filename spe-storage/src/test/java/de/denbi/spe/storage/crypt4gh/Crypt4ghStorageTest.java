package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TransferResult;
import de.denbi.spe.testkit.S3ProxyFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Crypt4GH through the storage client against an in-JVM s3proxy. */
class Crypt4ghStorageTest {
  @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.http();

  static final Crypt4ghPrivateKey SPE = Crypt4ghPrivateKey.generate();
  static final Crypt4ghPrivateKey ALICE = Crypt4ghPrivateKey.generate();
  static final Crypt4ghPrivateKey BOB = Crypt4ghPrivateKey.generate();

  @TempDir Path tmp;
  StorageClient client;
  Crypt4ghStorage c4gh;
  String bucket;

  @BeforeEach
  void setUp() {
    client = StorageClient.builder().endpoint(s3.endpoint()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).partSize(5L * 1024 * 1024).build();
    c4gh = Crypt4ghStorage.of(client);
    bucket = "c4gh-" + UUID.randomUUID().toString().substring(0, 8);
    client.createBucket(bucket);
  }

  @AfterEach
  void tearDown() {
    client.deletePrefix(bucket, "");
    client.deleteBucket(bucket);
    client.close();
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void uploadsOnlyCiphertextAndDownloadsThePlaintext() throws IOException {
    byte[] plain = random(12 * 1024 * 1024 + 5); // several parts, a short last segment
    TransferResult r = c4gh.upload(new ByteArrayInputStream(plain), bucket, "d/x.c4gh",
        List.of(SPE.publicKey(), ALICE.publicKey()), TransferOptions.defaults());
    assertThat(r.bytes()).isEqualTo(16 + 2 * 108 + Crypt4gh.encryptedBodySize(plain.length));
    byte[] stored = client.getObjectBytes(bucket, "d/x.c4gh");
    assertThat(Arrays.copyOf(stored, 8)).isEqualTo("crypt4gh".getBytes());
    assertThat(indexOf(stored, Arrays.copyOfRange(plain, 1000, 1032))).isEqualTo(-1);
    assertThat(client.stat(bucket, "d/x.c4gh").metadata()).containsEntry("crypt4gh", "1");

    Path target = tmp.resolve("out/x.bin");
    assertThat(c4gh.download(bucket, "d/x.c4gh", target, ALICE)).isEqualTo(plain.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(plain);
    try (InputStream in = c4gh.open(bucket, "d/x.c4gh", SPE)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @Test
  void aWrongKeyLeavesNoFileBehind() throws IOException {
    c4gh.upload(new ByteArrayInputStream(random(1000)), bucket, "y.c4gh",
        List.of(ALICE.publicKey()), TransferOptions.defaults());
    Path target = tmp.resolve("y.bin");
    assertThatThrownBy(() -> c4gh.download(bucket, "y.c4gh", target, BOB))
        .isInstanceOf(NoMatchingKeyException.class);
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aTamperedObjectLeavesNoFileBehind() throws IOException {
    c4gh.upload(new ByteArrayInputStream(random(200_000)), bucket, "t.c4gh",
        List.of(ALICE.publicKey()), TransferOptions.defaults());
    byte[] stored = client.getObjectBytes(bucket, "t.c4gh");
    stored[stored.length - 100] ^= 1;
    client.putObject(bucket, "t.c4gh", stored);
    Path target = tmp.resolve("t.bin");
    assertThatThrownBy(() -> c4gh.download(bucket, "t.c4gh", target, ALICE))
        .isInstanceOf(TamperedSegmentException.class)
        .satisfies(e -> assertThat(((TamperedSegmentException) e).segment()).isEqualTo(3));
    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void anObjectCutAtASegmentBoundaryFailsItsRecordedChecksum() throws Exception {
    byte[] plain = random(3 * 65_536);
    c4gh.upload(new ByteArrayInputStream(plain), bucket, "cut.c4gh", List.of(ALICE.publicKey()),
        TransferOptions.defaults());
    String sha = client.stat(bucket, "cut.c4gh").sha256().orElseThrow();
    byte[] stored = client.getObjectBytes(bucket, "cut.c4gh");
    // drop the last whole segment, keep the recorded checksum: the format alone cannot tell
    byte[] cut = Arrays.copyOf(stored, stored.length - Crypt4gh.CIPHER_SEGMENT_SIZE);
    io.minio.MinioClient raw = io.minio.MinioClient.builder().endpoint(s3.endpoint().toString())
        .region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build();
    try {
      raw.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object("cut.c4gh")
          .data(cut, cut.length).userMetadata(java.util.Map.of("sha256", sha)).build());
    } finally {
      raw.close();
    }
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(cut), ALICE)) {
      assertThat(in.readAllBytes()).hasSize(2 * 65_536); // silently shorter without the checksum
    }
    Path target = tmp.resolve("cut.bin");
    assertThatThrownBy(() -> c4gh.download(bucket, "cut.c4gh", target, ALICE))
        .isInstanceOf(de.denbi.spe.storage.ChecksumMismatchException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void rangedReadsFetchOnlyTheSegmentsOfTheRange() throws IOException {
    byte[] plain = random(10 * 65_536 + 999);
    c4gh.upload(new ByteArrayInputStream(plain), bucket, "r.c4gh", List.of(ALICE.publicKey()),
        TransferOptions.defaults());
    long[][] ranges = {{0, 1}, {65_535, 2}, {65_536, 65_536}, {100_000, 300_000},
        {plain.length - 10, 100}, {plain.length - 1, -1}, {5, -1}};
    for (long[] r : ranges) {
      try (InputStream in = c4gh.openRange(bucket, "r.c4gh", ALICE, r[0], r[1])) {
        int end = r[1] < 0 ? plain.length : (int) Math.min(plain.length, r[0] + r[1]);
        assertThat(in.readAllBytes()).as("range %d+%d", r[0], r[1])
            .isEqualTo(Arrays.copyOfRange(plain, (int) r[0], end));
      }
    }
    try (InputStream in = c4gh.openRange(bucket, "r.c4gh", ALICE, plain.length + 5, 10)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    // a range beyond a tampered segment still reads: only the range's segments are fetched
    byte[] stored = client.getObjectBytes(bucket, "r.c4gh");
    stored[16 + 108 + 20] ^= 1; // segment 0
    client.putObject(bucket, "r.c4gh", stored);
    try (InputStream in = c4gh.openRange(bucket, "r.c4gh", ALICE, 3 * 65_536, 10)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(plain, 3 * 65_536, 3 * 65_536 + 10));
    }
    assertThatThrownBy(() -> {
      try (InputStream in = c4gh.openRange(bucket, "r.c4gh", ALICE, 10, 10)) {
        in.readAllBytes();
      }
    }).isInstanceOf(TamperedSegmentException.class);
  }

  @Test
  void sharingWithANewRecipientReencryptsOnlyTheHeader() throws IOException {
    byte[] plain = random(300_000);
    c4gh.upload(new ByteArrayInputStream(plain), bucket, "s.c4gh", List.of(ALICE.publicKey()),
        TransferOptions.defaults());
    c4gh.addRecipients(bucket, "s.c4gh", ALICE, List.of(BOB.publicKey()), "s.bob.c4gh",
        TransferOptions.defaults());
    byte[] before = client.getObjectBytes(bucket, "s.c4gh");
    byte[] after = client.getObjectBytes(bucket, "s.bob.c4gh");
    assertThat(Arrays.copyOfRange(after, 16 + 2 * 108, after.length))
        .isEqualTo(Arrays.copyOfRange(before, 16 + 108, before.length));
    try (InputStream in = c4gh.open(bucket, "s.bob.c4gh", BOB)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
    try (InputStream in = c4gh.open(bucket, "s.bob.c4gh", ALICE)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
    assertThatThrownBy(() -> c4gh.addRecipients(bucket, "s.c4gh", ALICE,
        List.of(BOB.publicKey()), "s.c4gh", TransferOptions.defaults()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> c4gh.addRecipients(bucket, "s.c4gh", BOB,
        List.of(BOB.publicKey()), "s.eve.c4gh", TransferOptions.defaults()))
        .isInstanceOf(NoMatchingKeyException.class);
    assertThat(client.exists(bucket, "s.eve.c4gh")).isFalse();
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.S3Coordinates;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypt4GH through the storage client against the local Ceph RGW: a multipart encrypted upload
 * (RGW's empty multipart ETag included), decryption, a ranged read, a second reader added by
 * re-encrypting the header only. The bucket is removed afterwards.
 */
@RequiresLocalService(LocalService.CEPH)
class Crypt4ghCephIT {
  @TempDir Path tmp;

  @Test
  void encryptedRoundTripRangeAndNewReaderOnRgw(S3Coordinates s3) throws Exception {
    Crypt4ghPrivateKey spe = Crypt4ghPrivateKey.generate();
    Crypt4ghPrivateKey bob = Crypt4ghPrivateKey.generate();
    byte[] plain = new byte[13 * 1024 * 1024 + 3];
    new Random(3).nextBytes(plain);
    try (StorageClient c = StorageClient.builder().endpoint(s3.endpoint()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).partSize(5L * 1024 * 1024).build()) {
      String bucket = "spe-it-c4gh-" + UUID.randomUUID().toString().substring(0, 8);
      c.createBucket(bucket);
      try {
        Crypt4ghStorage c4gh = Crypt4ghStorage.of(c);
        c4gh.upload(new ByteArrayInputStream(plain), bucket, "d/x.c4gh",
            List.of(spe.publicKey()), TransferOptions.defaults());
        Path out = tmp.resolve("x.bin");
        assertThat(c4gh.download(bucket, "d/x.c4gh", out, spe)).isEqualTo(plain.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(plain);
        try (InputStream in = c4gh.openRange(bucket, "d/x.c4gh", spe, 7_000_000, 200_000)) {
          assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(plain, 7_000_000, 7_200_000));
        }
        assertThatThrownBy(() -> c4gh.open(bucket, "d/x.c4gh", bob))
            .isInstanceOf(NoMatchingKeyException.class);
        c4gh.addRecipients(bucket, "d/x.c4gh", spe, List.of(bob.publicKey()), "d/x.bob.c4gh",
            TransferOptions.defaults());
        try (InputStream in = c4gh.open(bucket, "d/x.bob.c4gh", bob)) {
          assertThat(in.readAllBytes()).isEqualTo(plain);
        }
      } finally {
        c.deletePrefix(bucket, "");
        c.deleteBucket(bucket);
      }
    }
  }
}

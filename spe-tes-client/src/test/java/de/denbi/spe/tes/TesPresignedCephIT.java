package de.denbi.spe.tes;

import static org.assertj.core.api.Assertions.assertThat;

import de.denbi.spe.core.wait.WaiterConfig;
import de.denbi.spe.testkit.LocalService;
import de.denbi.spe.testkit.RequiresLocalService;
import de.denbi.spe.testkit.S3Coordinates;
import de.denbi.spe.testkit.tes.FakeTesServer;
import de.denbi.spe.testkit.tes.TaskRunner;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A TES task whose input and output go through presigned URLs of the real local Ceph RGW
 * (there is no real TES server here: FakeTesServer moves the data for real and emulates the
 * executor in Java). Shows that RGW's presigned GET/PUT URLs work as TES input and output URLs,
 * unchanged through the client's JSON. Cleans up its bucket.
 */
@RequiresLocalService(LocalService.CEPH)
class TesPresignedCephIT {

  @Test
  void presignedRgwUrlsAsTaskInputAndOutput(S3Coordinates s3) throws Exception {
    MinioClient minio = MinioClient.builder().endpoint(s3.endpoint().toString()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).build();
    String bucket = "spe-tes-it-" + UUID.randomUUID().toString().substring(0, 8);
    minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    try {
      byte[] in = "presigned through ceph".getBytes(StandardCharsets.UTF_8);
      minio.putObject(PutObjectArgs.builder().bucket(bucket).object("in.txt").data(in, in.length).build());
      String get = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET)
          .bucket(bucket).object("in.txt").expiry(10, TimeUnit.MINUTES).build());
      String put = minio.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.PUT)
          .bucket(bucket).object("out.txt").expiry(10, TimeUnit.MINUTES).build());
      TaskRunner upper = TaskRunner.writing(Map.of("/data/out.txt",
          ctx -> ctx.inputText("/data/in.txt").toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
      try (FakeTesServer fake = FakeTesServer.builder().stageFiles(true).runner(upper).build().start()) {
        TesClient tes = TesClient.builder().baseUrl(fake.rootUrl()).build();
        String id = tes.createTask(t -> t.input(TesInput.fromUrl(get, "/data/in.txt"))
            .output(TesOutput.of("/data/out.txt", put))
            .executor(e -> e.image("alpine:3.20").command("sh", "-c", "tr a-z A-Z < /data/in.txt > /data/out.txt")));
        TesTask done = tes.waitFor(id, WaitOptions.defaults()
            .withConfig(new WaiterConfig(Duration.ofMillis(10), Duration.ofMillis(50), 1.5, Duration.ofSeconds(60), 3))
            .withFinalView(TesView.FULL));
        assertThat(done.state()).as(String.valueOf(done.lastLog())).isEqualTo(TesState.COMPLETE);
        assertThat(done.lastLog().get().outputs().get(0).sizeBytes()).isEqualTo((long) in.length);
      }
      try (InputStream out = minio.getObject(GetObjectArgs.builder().bucket(bucket).object("out.txt").build())) {
        assertThat(new String(out.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("PRESIGNED THROUGH CEPH");
      }
    } finally {
      for (String key : new String[] {"in.txt", "out.txt"}) {
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
      }
      minio.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
    }
  }
}

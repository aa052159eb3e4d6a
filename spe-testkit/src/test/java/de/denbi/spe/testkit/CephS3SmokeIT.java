package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the local Ceph RGW: create a bucket, put and get an object with minio-java
 * (which sends {@code x-amz-content-sha256}, as RGW requires), path style, region from the env.
 */
@RequiresLocalService(LocalService.CEPH)
class CephS3SmokeIT {

  private static void roundTrip(MinioClient client, String region) throws Exception {
    String bucket = "spe-it-" + UUID.randomUUID().toString().substring(0, 8);
    String key = "smoke/hello.txt";
    byte[] data = ("hello from " + bucket).getBytes(StandardCharsets.UTF_8);
    try {
      client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    } catch (ErrorResponseException e) {
      if ("InvalidLocationConstraint".equals(e.errorResponse().code())) {
        // minio-java 9 always sends CreateBucketConfiguration/LocationConstraint=<client region>;
        // RGW accepts only the api_name of one of its zonegroups there
        throw new AssertionError("RGW rejects LocationConstraint '" + region + "' in CreateBucket: "
            + "its zonegroup api_name must equal SPE_S3_REGION (e.g. radosgw-admin zonegroup "
            + "modify --rgw-zonegroup=default --api-name=" + region + ", then restart radosgw)",
            e);
      }
      throw e;
    }
    try {
      assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
          .data(data, data.length).build());
      try (GetObjectResponse in =
          client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } finally {
      client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
    }
  }

  @Test
  void putAndGetOverHttp(S3Coordinates s3) throws Exception {
    assertThat(s3.pathStyle()).isTrue();
    roundTrip(MinioClient.builder()
        .endpoint(s3.endpoint().toString())
        .region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey())
        .build(), s3.region());
  }

  @Test
  void putAndGetOverHttpsTrustingTheRgwCertificate(S3Coordinates s3) throws Exception {
    assumeTrue(s3.httpsEndpoint() != null && s3.caCertificate() != null,
        "SPE_S3_ENDPOINT_HTTPS / SPE_S3_CA_CERT not in the env file");
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(s3.caCertificate())) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("rgw", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
    OkHttpClient http = new OkHttpClient.Builder()
        .sslSocketFactory(ctx.getSocketFactory(), tm).build();
    roundTrip(MinioClient.builder()
        .endpoint(s3.httpsEndpoint().toString())
        .region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey())
        .httpClient(http)
        .build(), s3.region());
  }
}

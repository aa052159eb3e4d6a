package de.denbi.spe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyFixtureTest {

  @RegisterExtension static S3ProxyFixture http = S3ProxyFixture.http();
  @RegisterExtension static S3ProxyFixture https = S3ProxyFixture.https();

  private static MinioClient client(S3ProxyFixture s3, OkHttpClient okhttp) {
    MinioClient.Builder b = MinioClient.builder()
        .endpoint(s3.endpoint().toString())
        .credentials(s3.accessKey(), s3.secretKey())
        .region(s3.region());
    if (okhttp != null) {
      b.httpClient(okhttp);
    }
    return b.build();
  }

  private static String roundTrip(MinioClient client) throws Exception {
    String bucket = "b-" + UUID.randomUUID();
    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
    byte[] data = ("hello " + bucket).getBytes(StandardCharsets.UTF_8);
    client.putObject(PutObjectArgs.builder().bucket(bucket).object("dir/greeting.txt")
        .data(data, data.length).build());
    try (GetObjectResponse in = client.getObject(
        GetObjectArgs.builder().bucket(bucket).object("dir/greeting.txt").build())) {
      String back = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(back).isEqualTo("hello " + bucket);
      return back;
    }
  }

  @Test
  void putAndGetOverHttp() throws Exception {
    assertThat(http.endpoint().getScheme()).isEqualTo("http");
    assertThat(http.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(http.port()).isPositive();
    roundTrip(client(http, null));
  }

  @Test
  void putAndGetOverHttpsTrustingTheFixtureCertificate() throws Exception {
    assertThat(https.endpoint().getScheme()).isEqualTo("https");
    TestCertificate cert = https.certificate();
    OkHttpClient okhttp = new OkHttpClient.Builder()
        .sslSocketFactory(cert.clientSslContext().getSocketFactory(), cert.trustManager())
        .build();
    roundTrip(client(https, okhttp));
  }

  @Test
  void httpsWithTheExportedPemAndTrustStoreFiles() throws Exception {
    S3Coordinates c = https.coordinates();
    assertThat(c.caCertificate()).exists();
    assertThat(c.trustStore()).exists();
    X509Certificate fromPem;
    try (InputStream in = Files.newInputStream(c.caCertificate())) {
      fromPem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertThat(fromPem).isEqualTo(https.certificate().certificate());
    assertThat(fromPem.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))))
        .contains("127.0.0.1", "localhost");
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(c.trustStore().toFile())) {
      ts.load(in, c.trustStorePassword().toCharArray());
    }
    assertThat(ts.getCertificate("spe-testkit-ca")).isEqualTo(fromPem);
  }

  @Test
  void httpsIsNotTrustedByDefault() {
    MinioClient untrusting = client(https, new OkHttpClient());
    assertThatThrownBy(() -> untrusting.bucketExists(BucketExistsArgs.builder().bucket("untrusted").build()))
        .satisfies(e -> assertThat(describe(e)).contains("PKIX path building failed"));
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" <- ");
    }
    return b.toString();
  }

  @Test
  void wrongSecretKeyIsRejected() {
    MinioClient wrong = MinioClient.builder().endpoint(http.endpoint().toString())
        .credentials(http.accessKey(), "not-the-secret").region(http.region()).build();
    assertThatThrownBy(() -> wrong.makeBucket(MakeBucketArgs.builder().bucket("denied").build()))
        .isInstanceOf(ErrorResponseException.class)
        .satisfies(e -> assertThat(((ErrorResponseException) e).errorResponse().code())
            .isEqualTo("SignatureDoesNotMatch"));
  }

  @Test
  void coordinatesMatchTheFixture() {
    S3Coordinates c = http.coordinates();
    assertThat(c.endpoint()).isEqualTo(http.endpoint());
    assertThat(c.accessKey()).isEqualTo(S3ProxyFixture.DEFAULT_ACCESS_KEY);
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.httpsEndpoint()).isNull();
    assertThatThrownBy(http::certificate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("https()");
  }

  @Test
  void programmaticUseWithDirectoryStoreAndOwnCredentials(@TempDir Path dir) throws Exception {
    S3ProxyFixture s3 = S3ProxyFixture.builder().credentials("AKID", "SECRET-1234567890")
        .directory(dir.resolve("blobs")).build();
    assertThatThrownBy(s3::endpoint).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
    try (S3ProxyFixture started = s3.start()) {
      assertThat(started.isRunning()).isTrue();
      roundTrip(client(started, null));
      try (var files = Files.walk(dir.resolve("blobs"))) {
        assertThat(files.anyMatch(p -> p.getFileName().toString().equals("greeting.txt")))
            .isTrue();
      }
    }
    assertThat(s3.isRunning()).isFalse();
    s3.close(); // closing twice is fine
  }
}

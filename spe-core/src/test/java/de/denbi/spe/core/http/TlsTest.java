package de.denbi.spe.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.SpeConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  record Info(String name) {}

  private MockWebServer server;
  private HeldCertificate cert;

  @BeforeEach
  void start() throws Exception {
    cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();
    HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(cert).build();
    server = new MockWebServer();
    server.useHttps(serverCerts.sslSocketFactory());
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anUnknownCertificateIsRejectedAndNotRetried() {
    SpeHttpClient http = SpeHttpClient.builder().build();
    assertThatThrownBy(() -> http.execute(http.get(server.url("/x")), Info.class))
        .isInstanceOfSatisfying(SpeConnectionException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("trustedCertificates");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aSitesOwnCaCanBeTrusted(@TempDir Path dir) throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.pem"), cert.certificatePem());
    SpeHttpClient http = SpeHttpClient.builder().trustedCertificates(pem).build();
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"tls\"}").build());
    assertThat(http.execute(http.get(server.url("/x")), Info.class).name()).isEqualTo("tls");
  }

  @Test
  void theDevelopmentOnlyFlagTurnsVerificationOff() {
    SpeHttpClient http = SpeHttpClient.builder().insecureTrustAllCertificatesForDevelopmentOnly(true).build();
    server.enqueue(new MockResponse.Builder().body("{\"name\":\"insecure\"}").build());
    assertThat(http.execute(http.get(server.url("/x")), Info.class).name()).isEqualTo("insecure");
  }

  @Test
  void aBadPemFileIsAConfigError(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("x.pem"), "hello");
    assertThatThrownBy(() -> SpeHttpClient.builder().trustedCertificates(notPem))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("trustedCertificates"));
  }
}

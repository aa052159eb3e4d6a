package de.denbi.spe.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A freshly generated, self-signed TLS certificate (EC P-256) for local test servers, with the
 * pieces a server and its clients need: a key store, a trust store, SSL contexts, PEM.
 *
 * <pre>{@code
 * TestCertificate cert = TestCertificate.selfSigned();           // 127.0.0.1 and localhost
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .sslSocketFactory(cert.clientSslContext().getSocketFactory(), cert.trustManager())
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TestCertificate {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final char[] NO_PASSWORD = new char[0];

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final List<String> names;

  private TestCertificate(X509Certificate certificate, PrivateKey privateKey, List<String> names) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.names = names;
  }

  /**
   * A certificate for {@code 127.0.0.1} and {@code localhost}, valid from an hour ago for 7 days.
   *
   * @return the certificate
   */
  public static TestCertificate selfSigned() {
    return selfSigned("127.0.0.1", "localhost");
  }

  /**
   * A certificate for the given host names and IP addresses (subject alternative names), valid
   * from an hour ago for 7 days.
   *
   * @param names DNS names or IP literals, at least one
   * @return the certificate
   */
  public static TestCertificate selfSigned(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("at least one host name or IP address");
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      X500Name dn = new X500Name("CN=spe-testkit " + names[0]);
      Instant now = Instant.now();
      GeneralName[] san = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        String n = Objects.requireNonNull(names[i], "name");
        boolean ip = IPV4.matcher(n).matches() || n.contains(":");
        san[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n);
      }
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(dn,
          new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(7))),
          dn, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
      b.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate());
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
      return new TestCertificate(cert, kp.getPrivate(), List.of(names));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a test certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate.
   *
   * @return the X.509 certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The server's private key.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * The names the certificate is valid for.
   *
   * @return DNS names and IP literals
   */
  public List<String> names() {
    return names;
  }

  /**
   * The certificate in PEM.
   *
   * @return {@code -----BEGIN CERTIFICATE-----...}
   */
  public String pem() {
    try {
      String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A PKCS12 key store with the private key and certificate (alias {@code server}).
   *
   * @param password the key store and key password
   * @return the key store
   */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", privateKey, password, new Certificate[] {certificate});
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A PKCS12 trust store with the certificate (alias {@code spe-testkit-ca}).
   *
   * @return the trust store
   */
  public KeyStore trustStore() {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("spe-testkit-ca", certificate);
      return ts;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A trust manager that trusts this certificate only.
   *
   * @return the trust manager
   */
  public X509TrustManager trustManager() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X509TrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An SSL context for clients that trusts this certificate only.
   *
   * @return the context
   */
  public SSLContext clientSslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustManager()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An SSL context for a server presenting this certificate.
   *
   * @return the context
   */
  public SSLContext serverSslContext() {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore(NO_PASSWORD), NO_PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the certificate as PEM.
   *
   * @param file where to write
   * @return {@code file}
   */
  public Path writePem(Path file) {
    try {
      Files.writeString(file, pem(), StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the trust store (PKCS12).
   *
   * @param file where to write
   * @param password the store password
   * @return {@code file}
   */
  public Path writeTrustStore(Path file, char[] password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, password);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificate[" + certificate.getSubjectX500Principal().getName() + ", names="
        + names + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }
}

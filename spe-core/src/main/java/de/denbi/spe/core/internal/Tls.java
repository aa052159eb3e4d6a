package de.denbi.spe.core.internal;

import de.denbi.spe.core.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust managers: the JDK's defaults plus extra certificates, or (dev only) none at all. */
public final class Tls {
  private Tls() {}

  /** A socket factory and the trust manager it uses. */
  public record Trust(SSLSocketFactory socketFactory, X509TrustManager trustManager) {}

  /**
   * Reads X.509 certificates from a PEM file.
   *
   * @param pem the file
   * @param key the config key to name in errors
   * @return the certificates, at least one
   */
  public static List<X509Certificate> readPem(Path pem, String key) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new InvalidConfigException(key, pem + " holds no PEM certificate");
      }
      return out;
    } catch (IOException e) {
      throw new InvalidConfigException(key, "cannot read " + pem + ": " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new InvalidConfigException(key, pem + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  /**
   * Trust in the JDK's default CAs and, in addition, the given certificates.
   *
   * @param extra certificates to trust as well
   * @return the trust
   */
  public static Trust withExtraCertificates(List<X509Certificate> extra) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
        ks.setCertificateEntry("default-" + i++, c);
      }
      for (X509Certificate c : extra) {
        ks.setCertificateEntry("extra-" + i++, c);
      }
      return fromKeyStore(ks);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
    }
  }

  /**
   * Trust in exactly the certificates of a key store.
   *
   * @param ks the trust store
   * @return the trust
   */
  public static Trust fromKeyStore(KeyStore ks) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      X509TrustManager tm = x509(tmf.getTrustManagers());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return new Trust(ctx.getSocketFactory(), tm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * A trust manager that accepts every certificate. Development only: it makes TLS useless.
   *
   * @return the trust
   */
  public static Trust trustAllForDevelopmentOnly() {
    X509TrustManager all =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {all}, null);
      return new Trust(ctx.getSocketFactory(), all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    return x509(tmf.getTrustManagers());
  }

  private static X509TrustManager x509(TrustManager[] tms) {
    for (TrustManager tm : tms) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X509TrustManager available");
  }
}

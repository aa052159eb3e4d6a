package de.denbi.spe.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An in-JVM S3 server (<a href="https://github.com/gaul/s3proxy">s3proxy</a>) on a random free
 * port of 127.0.0.1, over HTTP or HTTPS, with an in-memory (or directory) blob store and
 * SigV2/SigV4 authentication. Good for fast tests of S3 code; it has no bucket policies, tags or
 * STS (use the local Ceph RGW, {@link LocalService#CEPH}, for those).
 *
 * <p>As a JUnit 5 extension (a static field lives for the class, an instance field for each
 * test):
 *
 * <pre>{@code
 * @RegisterExtension static S3ProxyFixture s3 = S3ProxyFixture.https();
 *
 * @Test void upload() {
 *   MinioClient client = MinioClient.builder()
 *       .endpoint(s3.endpoint().toString()).credentials(s3.accessKey(), s3.secretKey())
 *       .httpClient(new OkHttpClient.Builder().sslSocketFactory(
 *           s3.certificate().clientSslContext().getSocketFactory(),
 *           s3.certificate().trustManager()).build())
 *       .build();
 * }
 * }</pre>
 *
 * <p>Or by hand: {@code try (S3ProxyFixture s3 = S3ProxyFixture.http().start()) { ... }}.
 *
 * @since 0.1.0
 */
public final class S3ProxyFixture extends AbstractFixture<S3ProxyFixture> {

  /** The access key unless another is configured. */
  public static final String DEFAULT_ACCESS_KEY = "spe-test-access";

  /** The secret key unless another is configured. */
  public static final String DEFAULT_SECRET_KEY = "spe-test-secret-0123456789";

  /** The region clients should sign for. */
  public static final String DEFAULT_REGION = "us-east-1";

  private static final String TRUST_STORE_PASSWORD = "changeit";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final boolean https;
  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final Path directory;

  private S3Proxy proxy;
  private URI endpoint;
  private TestCertificate certificate;
  private Path tempDir;
  private Path caCertificateFile;
  private Path trustStoreFile;

  private S3ProxyFixture(Builder b) {
    this.https = b.https;
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.region = b.region;
    this.directory = b.directory;
  }

  /**
   * A fixture serving plain HTTP, default credentials, in-memory store.
   *
   * @return the (not yet started) fixture
   */
  public static S3ProxyFixture http() {
    return builder().build();
  }

  /**
   * A fixture serving HTTPS with a freshly generated self-signed certificate for {@code
   * 127.0.0.1} and {@code localhost}, default credentials, in-memory store.
   *
   * @return the (not yet started) fixture
   */
  public static S3ProxyFixture https() {
    return builder().https(true).build();
  }

  /**
   * A builder for other settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  S3ProxyFixture self() {
    return this;
  }

  @Override
  void doStart() throws Exception {
    tempDir = Files.createTempDirectory("spe-s3proxy-");
    BlobStore store;
    if (directory != null) {
      Files.createDirectories(directory);
      store = new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
    } else {
      store = new TransientNio2BlobStore();
    }
    S3Proxy.Builder b = S3Proxy.builder()
        .blobStore(store)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .ignoreUnknownHeaders(true)
        .stopTimeout(0); // no graceful wait for idle keep-alive connections of clients
    if (https) {
      certificate = TestCertificate.selfSigned("127.0.0.1", "localhost");
      caCertificateFile = certificate.writePem(tempDir.resolve("ca.pem"));
      trustStoreFile = certificate.writeTrustStore(tempDir.resolve("truststore.p12"),
          TRUST_STORE_PASSWORD.toCharArray());
      b.secureEndpoint(URI.create("https://127.0.0.1:0")).sslContext(certificate.serverSslContext());
    } else {
      b.endpoint(URI.create("http://127.0.0.1:0"));
    }
    proxy = b.build();
    proxy.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start within " + START_TIMEOUT
            + " (state " + proxy.getState() + ")");
      }
      Thread.sleep(5);
    }
    int port = https ? proxy.getSecurePort() : proxy.getPort();
    endpoint = URI.create((https ? "https" : "http") + "://127.0.0.1:" + port);
  }

  @Override
  void doStop() throws Exception {
    try {
      if (proxy != null) {
        try {
          proxy.stop();
        } catch (TimeoutException e) {
          // Jetty gave up waiting for open client connections; the server is stopped anyway
        }
      }
    } finally {
      proxy = null;
      endpoint = null;
      deleteRecursively(tempDir);
      tempDir = null;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The endpoint, e.g. {@code http://127.0.0.1:41234}.
   *
   * @return the endpoint of the running server
   * @throws IllegalStateException if not started
   */
  public URI endpoint() {
    requireRunning();
    return endpoint;
  }

  /**
   * The port the server listens on.
   *
   * @return the port
   * @throws IllegalStateException if not started
   */
  public int port() {
    return endpoint().getPort();
  }

  /**
   * The access key id clients sign with.
   *
   * @return the access key
   */
  public String accessKey() {
    return accessKey;
  }

  /**
   * The secret key clients sign with.
   *
   * @return the secret key
   */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The region clients sign for (s3proxy accepts any).
   *
   * @return the region
   */
  public String region() {
    return region;
  }

  /**
   * Whether this fixture serves HTTPS.
   *
   * @return true for {@link #https()}
   */
  public boolean isHttps() {
    return https;
  }

  /**
   * The server's self-signed certificate, with trust store, trust manager and SSL contexts for
   * clients.
   *
   * @return the certificate
   * @throws IllegalStateException if not started or not HTTPS
   */
  public TestCertificate certificate() {
    requireHttps();
    return certificate;
  }

  /**
   * The server's certificate as a PEM file (a CA certificate for clients that take one).
   *
   * @return the file, deleted on close
   * @throws IllegalStateException if not started or not HTTPS
   */
  public Path caCertificateFile() {
    requireHttps();
    return caCertificateFile;
  }

  /**
   * A PKCS12 trust store with the server's certificate.
   *
   * @return the file, deleted on close; its password is {@link #trustStorePassword()}
   * @throws IllegalStateException if not started or not HTTPS
   */
  public Path trustStoreFile() {
    requireHttps();
    return trustStoreFile;
  }

  /**
   * The password of {@link #trustStoreFile()}.
   *
   * @return {@code changeit}
   */
  public String trustStorePassword() {
    return TRUST_STORE_PASSWORD;
  }

  /**
   * The coordinates for code that takes {@link S3Coordinates}, like those of the local Ceph RGW.
   *
   * @return endpoint, credentials, region, path style; for HTTPS also the CA file and trust store
   * @throws IllegalStateException if not started
   */
  public S3Coordinates coordinates() {
    URI e = endpoint();
    return new S3Coordinates(e, accessKey, secretKey, region, true,
        https ? e : null,
        https ? caCertificateFile : null,
        https ? trustStoreFile : null,
        https ? TRUST_STORE_PASSWORD : null,
        null);
  }

  private void requireHttps() {
    requireRunning();
    if (!https) {
      throw new IllegalStateException("this S3ProxyFixture serves plain HTTP: use "
          + "S3ProxyFixture.https() for a certificate");
    }
  }

  @Override
  public String toString() {
    return "S3ProxyFixture[" + (isRunning() ? endpoint : (https ? "https" : "http") + ", stopped")
        + ", accessKey=" + accessKey + ", secretKey=***]";
  }

  /**
   * Settings of an {@link S3ProxyFixture}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private boolean https;
    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = DEFAULT_SECRET_KEY;
    private String region = DEFAULT_REGION;
    private Path directory;

    private Builder() {}

    /**
     * Serve HTTPS with a fresh self-signed certificate instead of HTTP.
     *
     * @param https true for HTTPS
     * @return this builder
     */
    public Builder https(boolean https) {
      this.https = https;
      return this;
    }

    /**
     * The credentials clients must sign with.
     *
     * @param accessKey the access key id
     * @param secretKey the secret key
     * @return this builder
     */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
      return this;
    }

    /**
     * The region reported in {@link S3ProxyFixture#coordinates()}.
     *
     * @param region e.g. {@code eu-central-1}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Keep buckets as subdirectories of a directory instead of in memory.
     *
     * @param directory the base directory, created if missing, kept on close
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Builds the fixture; it starts with {@link S3ProxyFixture#start()} or under JUnit.
     *
     * @return the fixture
     */
    public S3ProxyFixture build() {
      return new S3ProxyFixture(this);
    }
  }
}

package de.denbi.spe.examples.storage;

import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.testkit.S3ProxyFixture;
import java.io.PrintStream;
import java.net.URI;

/**
 * Where the storage examples run: the S3 store named by {@code SPE_S3_ENDPOINT},
 * {@code SPE_S3_ACCESS_KEY}, {@code SPE_S3_SECRET_KEY} (and {@code SPE_S3_REGION}), or, when
 * {@code SPE_S3_ENDPOINT} is not set, an s3proxy started in this JVM ({@link S3ProxyFixture}).
 */
final class StorageTarget implements AutoCloseable {
  private final S3ProxyFixture fixture;
  private final URI endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;

  private StorageTarget(S3ProxyFixture fixture, URI endpoint, String region, String accessKey,
      String secretKey) {
    this.fixture = fixture;
    this.endpoint = endpoint;
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Opens the configured store, or starts the in-JVM one. */
  static StorageTarget open(PrintStream out) {
    String endpoint = System.getenv("SPE_S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      S3ProxyFixture f = S3ProxyFixture.http().start();
      out.println("no SPE_S3_ENDPOINT: using an in-JVM s3proxy at " + f.endpoint());
      return new StorageTarget(f, f.endpoint(), f.region(), f.accessKey(), f.secretKey());
    }
    return new StorageTarget(null, URI.create(endpoint),
        System.getenv().getOrDefault("SPE_S3_REGION", "us-east-1"), require("SPE_S3_ACCESS_KEY"),
        require("SPE_S3_SECRET_KEY"));
  }

  /** Whether this is the in-JVM s3proxy (no policies). */
  boolean inJvm() {
    return fixture != null;
  }

  /** The endpoint (for a proxy in front of it). */
  URI endpoint() {
    return endpoint;
  }

  /** A client builder for this store. */
  StorageClient.Builder clientBuilder() {
    return StorageClient.builder().endpoint(endpoint).region(region)
        .credentials(accessKey, secretKey);
  }

  private static String require(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set (needed with SPE_S3_ENDPOINT)");
    }
    return v;
  }

  @Override
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }
}

package de.denbi.spe.testkit;

import static de.denbi.spe.testkit.internal.Redaction.secret;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An S3 endpoint and credentials: the local Ceph RGW, or an in-JVM {@link S3ProxyFixture}.
 * {@code toString()} redacts the secret key and the trust store password.
 *
 * @param endpoint the endpoint to use ({@code SPE_S3_ENDPOINT}; for {@link S3ProxyFixture#https()}
 *     the HTTPS one)
 * @param accessKey access key id ({@code SPE_S3_ACCESS_KEY})
 * @param secretKey secret access key ({@code SPE_S3_SECRET_KEY}), secret
 * @param region signing region ({@code SPE_S3_REGION}, {@code us-east-1} if unset)
 * @param pathStyle whether to use path-style requests ({@code SPE_S3_PATH_STYLE}, true if unset)
 * @param httpsEndpoint the HTTPS endpoint ({@code SPE_S3_ENDPOINT_HTTPS}), may be null
 * @param caCertificate PEM file of the certificate to trust for {@code httpsEndpoint} ({@code
 *     SPE_S3_CA_CERT}), may be null
 * @param trustStore PKCS12 trust store with that certificate ({@code SPE_S3_TRUSTSTORE}), may be
 *     null
 * @param trustStorePassword its password ({@code SPE_S3_TRUSTSTORE_PASSWORD}), may be null
 * @param stsEndpoint the STS endpoint ({@code SPE_STS_ENDPOINT}), may be null
 * @since 0.1.0
 */
public record S3Coordinates(
    URI endpoint,
    String accessKey,
    String secretKey,
    String region,
    boolean pathStyle,
    URI httpsEndpoint,
    Path caCertificate,
    Path trustStore,
    String trustStorePassword,
    URI stsEndpoint) {

  /** Checks the required components. */
  public S3Coordinates {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(region, "region");
  }

  /**
   * Reads the coordinates from Ceph's env file.
   *
   * @param env the env of {@link LocalService#CEPH}
   * @return the coordinates
   * @throws ServiceEnvException if a required variable is missing
   */
  public static S3Coordinates from(ServiceEnv env) {
    return new S3Coordinates(
        env.requireUri("SPE_S3_ENDPOINT"),
        env.require("SPE_S3_ACCESS_KEY"),
        env.require("SPE_S3_SECRET_KEY"),
        env.getOrDefault("SPE_S3_REGION", "us-east-1"),
        env.getBoolean("SPE_S3_PATH_STYLE", true),
        env.getUri("SPE_S3_ENDPOINT_HTTPS").orElse(null),
        env.getPath("SPE_S3_CA_CERT").orElse(null),
        env.getPath("SPE_S3_TRUSTSTORE").orElse(null),
        env.get("SPE_S3_TRUSTSTORE_PASSWORD").orElse(null),
        env.getUri("SPE_STS_ENDPOINT").orElse(null));
  }

  @Override
  public String toString() {
    return "S3Coordinates[endpoint=" + endpoint + ", accessKey=" + accessKey
        + ", secretKey=" + secret(secretKey) + ", region=" + region + ", pathStyle=" + pathStyle
        + ", httpsEndpoint=" + httpsEndpoint + ", caCertificate=" + caCertificate
        + ", trustStore=" + trustStore + ", trustStorePassword=" + secret(trustStorePassword)
        + ", stsEndpoint=" + stsEndpoint + "]";
  }
}

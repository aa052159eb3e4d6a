package de.denbi.spe.storage;

import java.util.Objects;

/**
 * Where a {@link StorageClient} gets its S3 credentials for each request: static keys, or
 * {@link StsCredentialsProvider} (temporary credentials from the user's OIDC token, refreshed
 * before they expire). Implementations must be thread-safe and should return cached credentials
 * quickly; they are asked once per request.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CredentialsProvider {

  /**
   * Credentials that are valid now (refreshed first if they are about to expire).
   *
   * @return the credentials
   * @throws de.denbi.spe.core.SpeException if none can be had
   */
  S3Credentials credentials();

  /**
   * Tells the provider that the store rejected these credentials (an expired session), so the
   * next {@link #credentials()} fetches new ones. Static providers ignore it.
   *
   * @param rejected the credentials that were rejected
   */
  default void invalidate(S3Credentials rejected) {}

  /**
   * A provider of fixed credentials.
   *
   * @param credentials the credentials
   * @return the provider
   */
  static CredentialsProvider of(S3Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new CredentialsProvider() {
      @Override
      public S3Credentials credentials() {
        return credentials;
      }

      @Override
      public String toString() {
        return "CredentialsProvider.of(" + credentials + ")";
      }
    };
  }

  /**
   * A provider of fixed long-lived keys.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret
   * @return the provider
   */
  static CredentialsProvider of(String accessKeyId, String secretAccessKey) {
    return of(S3Credentials.of(accessKeyId, secretAccessKey));
  }
}

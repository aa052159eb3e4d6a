package de.denbi.spe.storage;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What is known about an object: from a listing (no metadata) or a HEAD request (with metadata).
 *
 * @param bucket the bucket
 * @param key the key
 * @param size the size in bytes
 * @param etag the ETag without quotes (may be empty: Ceph RGW after a multipart upload)
 * @param lastModified when it was last written, or {@code null}
 * @param contentType the content type, or {@code null} (not in listings)
 * @param metadata user metadata (names lower case, without {@code x-amz-meta-}); empty in listings
 * @since 0.1.0
 */
public record ObjectInfo(
    String bucket,
    String key,
    long size,
    String etag,
    Instant lastModified,
    String contentType,
    Map<String, String> metadata) {

  /** The metadata name under which the SDK records an object's SHA-256 (hex). */
  public static final String SHA256_METADATA = "sha256";

  /** Copies the metadata; strips quotes from the ETag. */
  public ObjectInfo {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      etag = etag.substring(1, etag.length() - 1);
    }
    etag = etag == null ? "" : etag;
  }

  /**
   * The SHA-256 recorded at upload by this SDK ({@code x-amz-meta-sha256}).
   *
   * @return the hex digest, if recorded (and if this info came from a HEAD request)
   */
  public Optional<String> sha256() {
    return Optional.ofNullable(metadata.get(SHA256_METADATA));
  }

  /**
   * The {@code s3://bucket/key} form.
   *
   * @return the URI text
   */
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}

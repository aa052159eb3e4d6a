package de.denbi.spe.storage;

import de.denbi.spe.core.http.Redaction;
import java.net.URI;
import java.time.Instant;

/**
 * A presigned link: anyone holding it may GET (or PUT) the object until it expires, without
 * credentials. Treat it as a secret; {@link #toString()} redacts its signature.
 *
 * @param method {@code GET} or {@code PUT}
 * @param url the link
 * @param expiresAt when it stops working
 * @since 0.1.0
 */
public record PresignedUrl(String method, URI url, Instant expiresAt) {
  @Override
  public String toString() {
    return "PresignedUrl[" + method + " " + Redaction.url(url.toString()) + ", expiresAt="
        + expiresAt + "]";
  }
}

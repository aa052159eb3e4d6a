package de.denbi.spe.core.http;

import okhttp3.Request;

/**
 * Overrides whether a request counts as idempotent for retries. Attach it as a tag: {@code
 * request.newBuilder().tag(Idempotency.class, Idempotency.IDEMPOTENT)}. Without a tag, GET,
 * HEAD, OPTIONS, PUT, DELETE and TRACE are idempotent; POST and PATCH are not.
 *
 * <p>Tag a POST as idempotent only when sending it twice is harmless (a cancel, a search).
 *
 * @since 0.1.0
 */
public enum Idempotency {
  /** Safe to send again after a failure. */
  IDEMPOTENT,
  /** Never sent again once it may have reached the server. */
  NOT_IDEMPOTENT;

  /**
   * Whether a request may be sent again.
   *
   * @param request the request
   * @return true if it is tagged {@link #IDEMPOTENT} or has an idempotent method and no tag
   */
  public static boolean isIdempotent(Request request) {
    Idempotency tag = request.tag(Idempotency.class);
    if (tag != null) {
      return tag == IDEMPOTENT;
    }
    return switch (request.method()) {
      case "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE" -> true;
      default -> false;
    };
  }
}

package de.denbi.spe.core.internal;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client every {@code SpeHttpClient} builds on when the caller brings none: one
 * connection pool for all the SDK's clients. Tuned for many concurrent polls on virtual threads:
 *
 * <ul>
 *   <li>{@code fastFallback(false)}: connections are opened on the calling (virtual) thread;
 *       OkHttp's fast fallback would start a platform thread per concurrent connect;</li>
 *   <li>up to 64 idle connections kept for 5 minutes, so that a thousand waits polling in waves
 *       reuse connections instead of reconnecting (OkHttp's default keeps 5).</li>
 * </ul>
 */
public final class SharedOkHttp {
  private static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .fastFallback(false)
          .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
          .build();

  private SharedOkHttp() {}

  /**
   * The shared client (its interceptors are not used; SpeHttpClient adds its own).
   *
   * @return the client
   */
  public static OkHttpClient client() {
    return CLIENT;
  }
}

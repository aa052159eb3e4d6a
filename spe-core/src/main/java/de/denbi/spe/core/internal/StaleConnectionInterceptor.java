package de.denbi.spe.core.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.SSLException;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Recognises the keep-alive race: a pooled connection that the server closed while it was idle
 * (gunicorn after 2 s, uvicorn after 5 s, nginx after 75 s) fails on reuse before any response
 * arrives. Such a failure is rethrown as {@link StaleConnectionException}, and the idle
 * connections of the pool (closed by the same server, most likely) are evicted, so that
 * {@link RetryInterceptor} can repeat an idempotent request at once on a fresh connection
 * instead of waiting a backoff delay.
 *
 * <p>A network interceptor: it sees the connection each attempt uses.
 */
public final class StaleConnectionInterceptor implements Interceptor {

  /** An I/O failure on a reused connection before any response header arrived. */
  public static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(IOException cause) {
      super("reused keep-alive connection failed before a response: " + cause.getMessage(), cause);
    }

    /**
     * The original failure.
     *
     * @return the cause
     */
    public IOException failure() {
      return (IOException) getCause();
    }
  }

  private final Set<Connection> used = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  private volatile ConnectionPool pool;

  /**
   * Sets the pool to evict idle connections from on a stale connection.
   *
   * @param pool the client's pool
   */
  public void pool(ConnectionPool pool) {
    this.pool = pool;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection c = chain.connection();
    boolean reused = c != null && !used.add(c);
    try {
      return chain.proceed(chain.request());
    } catch (IOException e) {
      if (reused
          && !(e instanceof SSLException)
          && !(e instanceof InterruptedIOException)
          && !chain.call().isCanceled()) {
        ConnectionPool p = pool;
        if (p != null) {
          p.evictAll();
        }
        throw new StaleConnectionException(e);
      }
      throw e;
    }
  }
}

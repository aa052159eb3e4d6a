package de.denbi.spe.core.http;

import java.io.IOException;
import okhttp3.Response;

/**
 * Reads a successful (2xx) response. The response is closed after the handler returns.
 *
 * @param <T> what the handler produces
 * @since 0.1.0
 */
@FunctionalInterface
public interface ResponseHandler<T> {

  /**
   * Reads the response.
   *
   * @param response the 2xx response
   * @return the result
   * @throws IOException if reading the body fails
   */
  T handle(Response response) throws IOException;
}

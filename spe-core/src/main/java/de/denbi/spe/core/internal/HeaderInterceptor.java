package de.denbi.spe.core.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets one header (e.g. HTTP basic authorization) on requests that do not have it. */
public final class HeaderInterceptor implements Interceptor {
  private final String name;
  private final String value;

  /**
   * Creates the interceptor.
   *
   * @param name header name
   * @param value header value
   */
  public HeaderInterceptor(String name, String value) {
    this.name = name;
    this.value = value;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    var req = chain.request();
    if (req.header(name) != null) {
      return chain.proceed(req);
    }
    return chain.proceed(req.newBuilder().header(name, value).build());
  }

  @Override
  public String toString() {
    return "HeaderInterceptor[" + name + "]";
  }
}

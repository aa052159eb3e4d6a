package de.denbi.spe.core.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets the SDK's User-Agent unless the request has one. */
public final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;

  /**
   * Creates the interceptor.
   *
   * @param userAgent the header value
   */
  public UserAgentInterceptor(String userAgent) {
    this.userAgent = userAgent;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    var req = chain.request();
    if (req.header("User-Agent") != null) {
      return chain.proceed(req);
    }
    return chain.proceed(req.newBuilder().header("User-Agent", userAgent).build());
  }
}

package de.denbi.spe.core.internal;

import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sets the SDK's {@code User-Agent} and the {@code Authorization} header in one request copy
 * per attempt: a bearer token from an {@link AccessTokenSource}, or a fixed value (HTTP basic).
 * Headers the caller set on the request win.
 *
 * <p>With a token source, a 401 reply invalidates the token that was sent and the request is
 * repeated once with a fresh one (unless its body can be sent only once). The source is asked
 * for a token on every attempt, so retries and long waits never send an expired one.
 */
public final class RequestHeadersInterceptor implements Interceptor {
  private final String userAgent;
  private final AccessTokenSource tokens;
  private final String fixedAuthorization;

  /**
   * Creates the interceptor.
   *
   * @param userAgent the User-Agent value
   * @param tokens the bearer token source, or null
   * @param fixedAuthorization a fixed Authorization value when there is no token source, or null
   */
  public RequestHeadersInterceptor(
      String userAgent, AccessTokenSource tokens, String fixedAuthorization) {
    this.userAgent = userAgent;
    this.tokens = tokens;
    this.fixedAuthorization = tokens == null ? fixedAuthorization : null;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    boolean setAgent = req.header("User-Agent") == null;
    boolean setAuth =
        (tokens != null || fixedAuthorization != null) && req.header("Authorization") == null;
    if (!setAuth) {
      return chain.proceed(setAgent ? req.newBuilder().header("User-Agent", userAgent).build() : req);
    }
    if (tokens == null) {
      return chain.proceed(with(req, setAgent, fixedAuthorization));
    }
    AccessToken token = tokens.token();
    Response resp = chain.proceed(with(req, setAgent, "Bearer " + token.value()));
    if (resp.code() != 401 || (req.body() != null && req.body().isOneShot())) {
      return resp;
    }
    resp.close();
    tokens.invalidate(token);
    AccessToken fresh = tokens.token();
    return chain.proceed(with(req, setAgent, "Bearer " + fresh.value()));
  }

  private Request with(Request req, boolean setAgent, String authorization) {
    Request.Builder b = req.newBuilder().header("Authorization", authorization);
    if (setAgent) {
      b.header("User-Agent", userAgent);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "RequestHeadersInterceptor[" + (tokens != null ? "bearer" : fixedAuthorization != null ? "fixed" : "none") + "]";
  }
}

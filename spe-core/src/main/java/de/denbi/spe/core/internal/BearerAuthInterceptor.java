package de.denbi.spe.core.internal;

import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer} from a token source. On 401 it invalidates the token, asks
 * the source once more, and repeats the request once with the new token (a 401 means the server
 * did not act on the request, so this is safe for any method). A request that already carries
 * an Authorization header is left alone.
 */
public final class BearerAuthInterceptor implements Interceptor {
  private final AccessTokenSource source;

  /**
   * Creates the interceptor.
   *
   * @param source where tokens come from
   */
  public BearerAuthInterceptor(AccessTokenSource source) {
    this.source = source;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    if (req.header("Authorization") != null) {
      return chain.proceed(req);
    }
    AccessToken token = source.token();
    Response resp = chain.proceed(withToken(req, token));
    if (resp.code() != 401 || (req.body() != null && req.body().isOneShot())) {
      return resp;
    }
    resp.close();
    source.invalidate(token);
    AccessToken fresh = source.token();
    return chain.proceed(withToken(req, fresh));
  }

  private static Request withToken(Request req, AccessToken token) {
    return req.newBuilder().header("Authorization", "Bearer " + token.value()).build();
  }
}

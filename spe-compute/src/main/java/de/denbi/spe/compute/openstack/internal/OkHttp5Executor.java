package de.denbi.spe.compute.openstack.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ExecutionOptions;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpExecutorService;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;

/**
 * openstack4j's transport on the build's OkHttp 5 (openstack4j 3.12 ships only an OkHttp 3
 * connector, which would put a second OkHttp on the class path). Registered through
 * {@code META-INF/services/org.openstack4j.core.transport.HttpExecutorService}. One shared
 * connection pool; TLS is always verified (openstack4j's "ignore SSL" setting is refused).
 * Tokens are handled by {@code OpenStackClient}, not by re-authenticating here.
 */
public final class OkHttp5Executor implements HttpExecutorService {
  private static final OkHttpClient SHARED = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(15))
      .readTimeout(Duration.ofSeconds(120))
      .retryOnConnectionFailure(false)
      .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public OkHttp5Executor() {}

  @Override
  public <R> HttpResponse execute(HttpRequest<R> request) {
    OkHttpClient client = SHARED;
    Config config = request.getConfig();
    if (config != null) {
      if (config.isIgnoreSSLVerification()) {
        throw new ConnectionException("TLS verification cannot be turned off in the SPE SDK", 0, null);
      }
      OkHttpClient.Builder b = null;
      if (config.getConnectTimeout() > 0) {
        b = SHARED.newBuilder().connectTimeout(Duration.ofMillis(config.getConnectTimeout()));
      }
      if (config.getReadTimeout() > 0) {
        b = (b == null ? SHARED.newBuilder() : b).readTimeout(Duration.ofMillis(config.getReadTimeout()));
      }
      if (b != null) {
        client = b.build();
      }
    }
    Request.Builder rb = new Request.Builder().url(request.getUrl());
    if (request.hasHeaders()) {
      request.getHeaders().forEach((k, v) -> rb.addHeader(k, String.valueOf(v)));
    }
    rb.method(request.getMethod().name(), body(request));
    try {
      return new Reply(client.newCall(rb.build()).execute());
    } catch (IOException e) {
      throw new ConnectionException(e.getClass().getSimpleName() + ": " + e.getMessage(), 0, e);
    }
  }

  private static RequestBody body(HttpRequest<?> request) {
    try {
      Object entity = request.getEntity();
      if (entity instanceof InputStream in) {
        try (in) {
          return RequestBody.create(in.readAllBytes(), MediaType.parse(request.getContentType()));
        }
      }
      if (entity != null) {
        String json = ObjectMapperSingleton.getContext(entity.getClass()).writer().writeValueAsString(entity);
        return RequestBody.create(json.getBytes(StandardCharsets.UTF_8), MediaType.parse(request.getContentType()));
      }
      if (request.hasJson()) {
        return RequestBody.create(request.getJson().getBytes(StandardCharsets.UTF_8),
            MediaType.parse(ClientConstants.CONTENT_TYPE_JSON));
      }
    } catch (IOException e) {
      throw new ConnectionException("cannot write the request body: " + e.getMessage(), 0, e);
    }
    HttpMethod m = request.getMethod();
    return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH
        ? RequestBody.create(new byte[0], null) : null;
  }

  @Override
  public String getExecutorDisplayName() {
    return "SPE SDK OkHttp 5 connector";
  }

  /** A reply. */
  private static final class Reply implements HttpResponse {
    private final Response response;

    Reply(Response response) {
      this.response = response;
    }

    @Override
    public <T> T getEntity(Class<T> returnType) {
      return getEntity(returnType, null);
    }

    @Override
    public <T> T getEntity(Class<T> returnType, ExecutionOptions<T> options) {
      return HttpEntityHandler.handle(this, returnType, options, Boolean.TRUE);
    }

    @Override
    public <T> T readEntity(Class<T> type) {
      try {
        return ObjectMapperSingleton.getContext(type).readerFor(type).readValue(response.body().string());
      } catch (IOException e) {
        throw new ClientResponseException(e.getMessage(), 0, e);
      }
    }

    @Override
    public int getStatus() {
      return response.code();
    }

    @Override
    public String getContentType() {
      return response.header(ClientConstants.HEADER_CONTENT_TYPE);
    }

    @Override
    public String getStatusMessage() {
      return response.message();
    }

    @Override
    public InputStream getInputStream() {
      return response.body().byteStream();
    }

    @Override
    public String header(String name) {
      return response.header(name);
    }

    @Override
    public Map<String, String> headers() {
      Map<String, String> h = new LinkedHashMap<>();
      for (String n : response.headers().names()) {
        h.put(n, response.header(n));
      }
      return h;
    }

    @Override
    public void close() {
      response.close();
    }
  }
}

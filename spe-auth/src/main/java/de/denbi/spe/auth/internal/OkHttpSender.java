package de.denbi.spe.auth.internal;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import de.denbi.spe.core.http.SpeHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends Nimbus's {@code HTTPRequest}s through the OkHttp client of a {@code SpeHttpClient}, so
 * that every request to the OpenID provider gets spe-core's timeouts, TLS verification,
 * User-Agent, retries of idempotent requests and redacted logging (instead of Nimbus's own
 * {@code HttpURLConnection} with no timeouts).
 */
public final class OkHttpSender implements HTTPRequestSender {
  /** The largest reply read from a provider (discovery, JWKS, tokens, userinfo). */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final MediaType FORM =
      MediaType.get("application/x-www-form-urlencoded; charset=utf-8");

  private final SpeHttpClient client;

  /**
   * Creates the sender.
   *
   * @param client the configured client; POSTs get a fresh connection from it (never an idle
   *     pooled one a server may have closed)
   */
  public OkHttpSender(SpeHttpClient client) {
    this.client = client;
  }

  @Override
  public ReadOnlyHTTPResponse send(ReadOnlyHTTPRequest req) throws IOException {
    Request.Builder b = new Request.Builder().url(req.getURL());
    MediaType type = FORM;
    for (Map.Entry<String, List<String>> h : req.getHeaderMap().entrySet()) {
      if (h.getKey() == null || h.getValue() == null) {
        continue;
      }
      if (h.getKey().equalsIgnoreCase("Content-Type") && !h.getValue().isEmpty()) {
        type = MediaType.parse(h.getValue().get(0));
        continue;
      }
      for (String v : h.getValue()) {
        b.addHeader(h.getKey(), v);
      }
    }
    String method = req.getMethod().name();
    String body = req.getBody();
    RequestBody rb;
    if (body == null) {
      rb = method.equals("GET") || method.equals("HEAD") ? null : RequestBody.create(new byte[0], type);
    } else if (type != null && "x-www-form-urlencoded".equals(type.subtype())) {
      // a FormBody, so that spe-core knows the secret fields (refresh_token, device_code,
      // client_secret, ...) and scrubs them from logged replies that echo them
      FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
      for (Map.Entry<String, List<String>> p : URLUtils.parseParameters(body).entrySet()) {
        for (String v : p.getValue()) {
          form.add(p.getKey(), v == null ? "" : v);
        }
      }
      rb = form.build();
    } else {
      rb = RequestBody.create(body.getBytes(StandardCharsets.UTF_8), type);
    }
    b.method(method, rb);
    Request request = b.build();
    try (Response resp = client.okHttpClient(request).newCall(request).execute()) {
      HTTPResponse out = new HTTPResponse(resp.code());
      out.setStatusMessage(resp.message());
      Headers headers = resp.headers();
      for (String name : headers.names()) {
        List<String> values = headers.values(name);
        if (name.toLowerCase(Locale.ROOT).equals("content-type")) {
          try {
            out.setContentType(values.get(0));
          } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            // an unparseable content type: leave it unset; Nimbus then rejects the body
          }
          continue;
        }
        out.setHeader(name, values.toArray(String[]::new));
      }
      ResponseBody rbody = resp.body();
      out.setBody(read(rbody));
      return out;
    }
  }

  private static String read(ResponseBody body) throws IOException {
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException(
            "the reply is larger than " + MAX_BODY_BYTES + " bytes; not an OpenID provider reply");
      }
      return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }
}

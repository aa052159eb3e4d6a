package de.denbi.spe.auth.internal;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import de.denbi.spe.auth.OAuthErrorException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeConnectionException;
import de.denbi.spe.core.http.Redaction;
import de.denbi.spe.core.http.SpeHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Sending Nimbus requests and turning their failures into the SDK's exceptions. */
public final class Http {
  /** The service name in messages and the User-Agent. */
  public static final String SERVICE = "OIDC";

  private static volatile SpeHttpClient defaultClient;

  private Http() {}

  /**
   * The shared default client: connect 10 s, read 30 s, whole call 60 s, named {@code OIDC}.
   *
   * @return the client
   */
  public static SpeHttpClient defaultClient() {
    SpeHttpClient c = defaultClient;
    if (c == null) {
      synchronized (Http.class) {
        c = defaultClient;
        if (c == null) {
          c =
              SpeHttpClient.builder()
                  .serviceName(SERVICE)
                  .connectTimeout(Duration.ofSeconds(10))
                  .readTimeout(Duration.ofSeconds(30))
                  .callTimeout(Duration.ofSeconds(60))
                  .build();
          defaultClient = c;
        }
      }
    }
    return c;
  }

  /**
   * Sends a request.
   *
   * @param sender the sender
   * @param req the request
   * @param what what the request is for, for messages (e.g. {@code token refresh})
   * @return the response
   * @throws SpeConnectionException if the provider cannot be reached
   */
  public static HTTPResponse send(OkHttpSender sender, HTTPRequest req, String what) {
    try {
      return req.send(sender);
    } catch (IOException e) {
      throw new SpeConnectionException(
          "Cannot reach the OpenID provider at " + Redaction.url(req.getURI().toString())
              + " (" + what + "): " + Redaction.text(String.valueOf(e.getMessage()))
              + ". Check the network and the issuer URL.",
          e,
          true);
    }
  }

  /**
   * The exception for an OAuth error reply.
   *
   * @param req the request
   * @param error the parsed error
   * @param advice what to do
   * @param secrets values the request carried, scrubbed from the description
   * @return the exception (not thrown)
   */
  public static OAuthErrorException oauthError(
      HTTPRequest req, ErrorObject error, String advice, Collection<String> secrets) {
    String code = error.getCode() == null ? "unknown_error" : error.getCode();
    String desc =
        error.getDescription() == null
            ? null
            : Redaction.scrub(Redaction.text(error.getDescription()), secrets);
    ServiceErrorDetails d =
        new ServiceErrorDetails(
            SERVICE,
            req.getMethod().name(),
            Redaction.url(req.getURI().toString()),
            error.getHTTPStatusCode() == 0 ? 400 : error.getHTTPStatusCode(),
            null,
            desc == null ? code : code + ": " + desc,
            null,
            null);
    return new OAuthErrorException(d, code, desc, advice);
  }

  /**
   * The exception for a reply that cannot be used.
   *
   * @param req the request
   * @param resp the response, or {@code null}
   * @param problem what is wrong
   * @return the exception (not thrown)
   */
  public static InvalidResponseException invalid(HTTPRequest req, HTTPResponse resp, String problem) {
    ServiceErrorDetails d =
        new ServiceErrorDetails(
            SERVICE,
            req.getMethod().name(),
            Redaction.url(req.getURI().toString()),
            resp == null ? 0 : resp.getStatusCode(),
            null,
            null,
            null,
            null);
    return new InvalidResponseException(d, Redaction.text(problem), null);
  }

  /**
   * Non-null secrets of a request, for scrubbing.
   *
   * @param values candidate values
   * @return the non-null ones
   */
  public static List<String> secrets(String... values) {
    return java.util.Arrays.stream(values).filter(v -> v != null && !v.isEmpty()).toList();
  }
}

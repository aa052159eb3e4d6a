package de.denbi.spe.core.internal;

import de.denbi.spe.core.http.Redaction;
import java.util.ArrayList;
import java.util.List;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** The secret values a request carries, so that a reply echoing them can be scrubbed. */
public final class RequestSecrets {
  private RequestSecrets() {}

  private static void addBasicParts(String base64, List<String> out) {
    try {
      String decoded = new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon >= 0) {
        out.add(decoded.substring(colon + 1)); // the password / client secret
        out.add(decoded);
      }
    } catch (IllegalArgumentException notBase64) {
      // not a basic credential after all: the raw value is already collected
    }
  }

  /**
   * Collects the secret values of a request: sensitive header values (without the auth scheme),
   * sensitive query parameters and sensitive form fields.
   *
   * @param req the request
   * @return the values
   */
  public static List<String> of(Request req) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < req.headers().size(); i++) {
      String name = req.headers().name(i);
      if (Redaction.isSensitiveHeader(name)) {
        String v = req.headers().value(i);
        out.add(v);
        int sp = v.indexOf(' ');
        if (sp > 0) {
          String credential = v.substring(sp + 1).strip();
          out.add(credential);
          if (v.regionMatches(true, 0, "Basic ", 0, 6)) {
            addBasicParts(credential, out);
          }
        }
      }
    }
    HttpUrl url = req.url();
    for (int i = 0; i < url.querySize(); i++) {
      if (Redaction.isSensitiveName(url.queryParameterName(i)) && url.queryParameterValue(i) != null) {
        out.add(url.queryParameterValue(i));
      }
    }
    if (!url.password().isEmpty()) {
      out.add(url.password());
    }
    if (req.body() instanceof FormBody form) {
      for (int i = 0; i < form.size(); i++) {
        if (Redaction.isSensitiveName(form.name(i))) {
          out.add(form.value(i));
        }
      }
    }
    return out;
  }
}

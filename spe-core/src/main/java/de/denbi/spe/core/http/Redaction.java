package de.denbi.spe.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Removes secrets from what the SDK logs or puts in exception messages: authorization headers,
 * tokens, client secrets, passwords, S3 keys and presigned-URL signatures.
 *
 * <p>Every client module uses it for its logs and errors; use it for your own when you log URLs
 * or bodies that came through the SDK.
 *
 * @since 0.1.0
 */
public final class Redaction {

  /** What a secret is replaced with. */
  public static final String REDACTED = "REDACTED";

  private static final Set<String> SENSITIVE_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "x-amz-security-token",
          "x-amz-server-side-encryption-customer-key",
          "x-amz-copy-source-server-side-encryption-customer-key",
          "x-slurm-user-token",
          "x-auth-token",
          "x-subject-token",
          "x-api-key",
          "x-vault-token",
          "private-token");

  private static final Set<String> SENSITIVE_PARAMS =
      Set.of(
          "x-amz-signature",
          "x-amz-credential",
          "x-amz-security-token",
          "signature",
          "sig",
          "awsaccesskeyid",
          "x-goog-signature",
          "x-goog-credential",
          "access_token",
          "refresh_token",
          "id_token",
          "token",
          "subject_token",
          "actor_token",
          "client_secret",
          "client_assertion",
          "assertion",
          "password",
          "code",
          "code_verifier",
          "device_code",
          "webidentitytoken",
          "secretaccesskey",
          "sessiontoken",
          "secret",
          "api_key",
          "apikey",
          "key");

  /** Names whose value is secret wherever they appear: JSON fields, form fields, query params. */
  private static final Pattern SENSITIVE_NAME =
      Pattern.compile(
          "(?i).*(token|secret|password|passwd|signature|credential|private[_-]?key"
              + "|api[_-]?key|access[_-]?key[_-]?id|secretaccesskey|assertion|code_verifier"
              + "|device_code|session[_-]?key).*");

  /** Names that contain a sensitive word but are not secret (paging cursors, metadata). */
  private static final Pattern NOT_SECRET =
      Pattern.compile(
          ".*(page[_-]?token|continuation[_-]?token|_endpoint|_supported|token_type"
              + "|expires_in|_expires_at|token[_-]?count|max[_-]?tokens)");

  /** An auth scheme and its credential; a credential has a digit or symbol (not a plain word). */
  private static final Pattern BEARER =
      Pattern.compile(
          "(?i)\\b(bearer|basic|token)(\\s+)(?=[A-Za-z]*+[0-9\\-._~+/=])[A-Za-z0-9\\-._~+/]{6,}+=*+");
  private static final Pattern JWT =
      Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
  private static final Pattern JSON_FIELD =
      Pattern.compile(
          "(\"([A-Za-z0-9_.-]{0,128}+)\"\\s*+:\\s*+)\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");
  private static final Pattern FORM_FIELD =
      Pattern.compile("(?<=^|[?&\\s;,])([A-Za-z0-9_.-]+)=([^&\\s\"',;]+)");
  private static final Pattern XML_ELEMENT =
      Pattern.compile("<(SecretAccessKey|SessionToken|Token|Password|ClientSecret)>([^<]*)</\\1>");

  private Redaction() {}

  /**
   * Whether an HTTP header carries a secret.
   *
   * @param name the header name, any case
   * @return true for {@code Authorization}, cookies, token and key headers
   */
  public static boolean isSensitiveHeader(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return SENSITIVE_HEADERS.contains(n)
        || (n.contains("token") && !n.equals("x-amz-content-sha256"))
        || n.contains("secret")
        || n.contains("password")
        || n.contains("api-key");
  }

  /**
   * Whether a query, form or JSON field carries a secret.
   *
   * @param name the field name, any case
   * @return true for tokens, secrets, passwords, signatures, credentials and authorization codes
   */
  public static boolean isSensitiveName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (NOT_SECRET.matcher(n).matches()) {
      return false;
    }
    return SENSITIVE_PARAMS.contains(n) || SENSITIVE_NAME.matcher(n).matches();
  }

  /**
   * A header value fit to log.
   *
   * @param name the header name
   * @param value its value
   * @return the value, or {@link #REDACTED} (keeping an auth scheme such as {@code Bearer})
   */
  public static String header(String name, String value) {
    if (!isSensitiveHeader(name)) {
      return value;
    }
    int sp = value.indexOf(' ');
    if (sp > 0 && sp < 16 && name.toLowerCase(Locale.ROOT).endsWith("authorization")) {
      return value.substring(0, sp) + " " + REDACTED;
    }
    return REDACTED;
  }

  /**
   * A URL fit to log: user info removed, secret query parameters (signatures, credentials,
   * tokens, codes) replaced.
   *
   * @param url the URL
   * @return the redacted URL
   */
  public static String url(HttpUrl url) {
    HttpUrl.Builder b = url.newBuilder();
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      b.username("").password("");
    }
    if (url.querySize() > 0) {
      b.query(null);
      for (int i = 0; i < url.querySize(); i++) {
        String name = url.queryParameterName(i);
        String value = url.queryParameterValue(i);
        b.addQueryParameter(name, value != null && isSensitiveName(name) ? REDACTED : value);
      }
    }
    return b.build().toString();
  }

  /**
   * A URL string fit to log; strings that are not HTTP URLs are redacted as {@link #text}.
   *
   * @param url the URL, or null
   * @return the redacted URL (null for null)
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    HttpUrl parsed = HttpUrl.parse(url);
    return parsed == null ? text(url) : url(parsed);
  }

  /**
   * Free text (an error body, a log line) with secrets removed: bearer and basic credentials,
   * JWTs, JSON, form and XML fields whose names say they are secret.
   *
   * @param text the text, may be {@code null}
   * @return the redacted text, {@code null} for {@code null}
   */
  public static String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = JWT.matcher(text).replaceAll(REDACTED);
    s = BEARER.matcher(s).replaceAll("$1$2" + REDACTED);
    s = replaceNamed(JSON_FIELD, s, 2, 3);
    s = replaceNamed(FORM_FIELD, s, 1, 2);
    s = XML_ELEMENT.matcher(s).replaceAll("<$1>" + REDACTED + "</$1>");
    return s;
  }

  private static String replaceNamed(Pattern p, String s, int nameGroup, int valueGroup) {
    Matcher m = p.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (!isSensitiveName(m.group(nameGroup)) || REDACTED.equals(m.group(valueGroup))) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, m.start(valueGroup)).append(REDACTED);
      last = m.end(valueGroup);
    }
    if (out == null) {
      return s;
    }
    return out.append(s, last, s.length()).toString();
  }

  /**
   * Replaces every occurrence of known secret values in a text, e.g. the token and client
   * secret a request carried, when a server echoes them in its error message.
   *
   * @param text the text, may be {@code null}
   * @param secrets the secret values; values shorter than 6 characters are ignored (they would
   *     match ordinary words)
   * @return the text without the secrets
   */
  public static String scrub(String text, java.util.Collection<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String s = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 6 && s.contains(secret)) {
        s = s.replace(secret, REDACTED);
      }
    }
    return s;
  }

  /**
   * A copy of a JSON tree whose secret string fields (by name) are replaced and whose other
   * strings are redacted as {@link #text}. Numbers and booleans are kept (an error {@code code}
   * such as gRPC's is not a secret; an OAuth authorization code is a string).
   *
   * @param node the tree, may be {@code null}
   * @return the redacted copy
   */
  public static JsonNode json(JsonNode node) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    redactInPlace(copy);
    return copy;
  }

  private static void redactInPlace(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (isSensitiveName(e.getKey()) && e.getValue().isTextual()) {
          e.setValue(TextNode.valueOf(REDACTED));
        } else if (e.getValue().isTextual()) {
          e.setValue(TextNode.valueOf(text(e.getValue().asText())));
        } else {
          redactInPlace(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i).isTextual()) {
          arr.set(i, TextNode.valueOf(text(arr.get(i).asText())));
        } else {
          redactInPlace(arr.get(i));
        }
      }
    }
  }
}

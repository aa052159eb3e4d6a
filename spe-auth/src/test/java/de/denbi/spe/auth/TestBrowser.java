package de.denbi.spe.auth;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Plays a user's browser on Keycloak's own login pages: follows redirects, keeps cookies (also
 * those marked Secure, which Keycloak sets even over plain http on 127.0.0.1), fills in the
 * login form and accepts the consent page.
 */
final class TestBrowser {
  private static final Pattern FORM = Pattern.compile("(?s)<form[^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>");
  private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>");
  private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
  private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

  private final String user;
  private final String password;
  private final OkHttpClient http;
  private final List<Cookie> cookies = new ArrayList<>();

  TestBrowser(String user, String password) {
    this.user = user;
    this.password = password;
    this.http = new OkHttpClient.Builder().followRedirects(true).cookieJar(new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> list) {
        synchronized (cookies) {
          for (Cookie c : list) {
            cookies.removeIf(o -> o.name().equals(c.name()));
            cookies.add(c);
          }
        }
      }

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        synchronized (cookies) {
          return cookies.stream().filter(c -> url.host().equals(c.domain())).toList();
        }
      }
    }).build();
  }

  /**
   * Opens a URL and submits Keycloak's forms until a page says the login is done, or the
   * browser was redirected away from Keycloak (to the application's loopback redirect).
   *
   * @return the text of the last page
   */
  String login(URI start) throws IOException {
    Page page = get(start.toString());
    for (int i = 0; i < 8; i++) {
      if (page.body.matches("(?is).*(device login successful|login complete|you may now close).*")
          || !page.url.contains("/realms/")) {
        return page.body;
      }
      if (page.body.contains("name=\"password\"")) {
        page = submit(page, Map.of("username", user, "password", password));
      } else if (page.body.contains("name=\"accept\"")) {
        page = submit(page, Map.of("accept", "Yes"));
      } else {
        throw new IllegalStateException("unexpected page at " + page.url + ": "
            + page.body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip());
      }
    }
    throw new IllegalStateException("the login did not finish; last page " + page.url);
  }

  private record Page(String url, String body) {}

  private Page get(String url) throws IOException {
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      return new Page(r.request().url().toString(), r.body().string());
    }
  }

  private Page submit(Page page, Map<String, String> fields) throws IOException {
    Matcher f = FORM.matcher(page.body);
    if (!f.find()) {
      throw new IllegalStateException("no form at " + page.url);
    }
    String action = f.group(1).replace("&amp;", "&");
    Map<String, String> values = new LinkedHashMap<>();
    Matcher h = HIDDEN.matcher(f.group(2));
    while (h.find()) {
      Matcher n = NAME.matcher(h.group());
      Matcher v = VALUE.matcher(h.group());
      if (n.find()) {
        values.put(n.group(1), v.find() ? v.group(1).replace("&amp;", "&") : "");
      }
    }
    values.putAll(fields);
    FormBody.Builder form = new FormBody.Builder();
    values.forEach(form::add);
    String target = URI.create(page.url).resolve(action).toString();
    try (Response r = http.newCall(new Request.Builder().url(target).post(form.build()).build()).execute()) {
      return new Page(r.request().url().toString(), r.body().string());
    }
  }
}

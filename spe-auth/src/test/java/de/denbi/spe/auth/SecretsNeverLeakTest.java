package de.denbi.spe.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import de.denbi.spe.auth.StubProvider.Reply;
import de.denbi.spe.core.http.HttpLogLevel;
import de.denbi.spe.core.http.SpeHttpClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every log line (spe-core's HTTP log at its most verbose level), exception message, stack
 * trace and toString of a full round of flows is searched for the secrets that went through.
 */
class SecretsNeverLeakTest {
  static final String CLIENT_SECRET = "client-secret-5f1e9a";
  static final String ACCESS = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWFjY2Vzcw";
  static final String REFRESH = "refresh-9c2d7b61-aa";
  static final String DEVICE_CODE = "device-code-77f3c1";
  final List<String> logged = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(r)
          + (r.getThrown() == null ? "" : " " + stack(r.getThrown())));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final Logger root = Logger.getLogger("");
  Level oldLevel;
  StubProvider stub;

  @BeforeEach
  void start() throws Exception {
    oldLevel = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(capture);
    stub = new StubProvider();
  }

  @AfterEach
  void stop() {
    root.removeHandler(capture);
    root.setLevel(oldLevel);
    stub.close();
  }

  static String stack(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void noSecretInLogsExceptionsOrToString() {
    stub.discovery(stub.issuer().toString(),
        ",\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"],"
            + "\"device_authorization_endpoint\":\"" + stub.base() + "/realm/device\","
            + "\"introspection_endpoint\":\"" + stub.base() + "/realm/introspect\","
            + "\"userinfo_endpoint\":\"" + stub.base() + "/realm/userinfo\"");
    stub.route("/realm/device", r -> Reply.ok("{\"device_code\":\"" + DEVICE_CODE + "\",\"user_code\":\"AB-CD\","
        + "\"verification_uri\":\"https://idp.example.org/device\",\"expires_in\":600,\"interval\":1}"));
    stub.route("/realm/token", r -> switch (r.form().get("grant_type")) {
      case "urn:ietf:params:oauth:grant-type:device_code" -> Reply.ok("{\"access_token\":\"" + ACCESS
          + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"" + REFRESH + "\"}");
      // a provider that echoes what it got in its error description
      default -> new Reply(400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad " + r.form()
          + " with secret " + CLIENT_SECRET + "\"}");
    });
    stub.route("/realm/introspect", r -> new Reply(401, "{\"error\":\"invalid_client\","
        + "\"error_description\":\"client secret " + CLIENT_SECRET + " is wrong for token " + ACCESS + "\"}"));
    stub.route("/realm/userinfo", r -> new Reply(401, "{\"error\":\"invalid_token\","
        + "\"error_description\":\"token " + ACCESS + " expired\"}"));
    SpeHttpClient http = SpeHttpClient.builder().serviceName("OIDC").logLevel(HttpLogLevel.values()[HttpLogLevel.values().length - 1]).build();
    OidcClient c = OidcClient.builder().issuer(stub.issuer()).clientId("spe-service")
        .clientSecret(CLIENT_SECRET).http(http).sleeper((d, x) -> {}).build();

    List<String> seen = new java.util.ArrayList<>();
    DeviceLogin login = c.startDeviceLogin();
    seen.add(login.toString());
    seen.add(login.authorization().toString());
    TokenSet t = login.await();
    seen.add(t.toString());
    seen.add(c.toString());
    RefreshingTokenSource src = c.tokenSource(t);
    seen.add(src.toString());
    seen.add(src.token().toString());
    for (Throwable e : List.of(
        catchThrowable(() -> c.refresh(REFRESH)),
        catchThrowable(() -> c.introspect(ACCESS)),
        catchThrowable(() -> c.userInfoClaims(ACCESS)),
        catchThrowable(() -> c.exchange(TokenExchange.builder(ACCESS).audience("x").build())))) {
      assertThat(e).isNotNull();
      seen.add(stack(e));
    }
    seen.add(TokenExchange.builder(ACCESS).build().toString());
    seen.addAll(logged);
    assertThat(logged).isNotEmpty(); // the HTTP log did run
    for (String s : seen) {
      assertThat(s).doesNotContain(CLIENT_SECRET).doesNotContain(ACCESS).doesNotContain(REFRESH)
          .doesNotContain(DEVICE_CODE).doesNotContain("c2lnbmF0dXJlLWFjY2Vzcw");
    }
  }
}

package de.denbi.spe.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A scriptable OpenID provider on 127.0.0.1 for protocol edge cases (JDK HttpServer). */
final class StubProvider implements AutoCloseable {
  /** A reply. */
  record Reply(int status, String json) {
    static Reply ok(String json) {
      return new Reply(200, json);
    }

    static Reply error(String code) {
      return new Reply(400, "{\"error\":\"" + code + "\"}");
    }
  }

  /** A request as received. */
  record Req(String method, String path, Map<String, String> form, Map<String, List<String>> headers) {}

  final HttpServer server;
  final List<Req> requests = new CopyOnWriteArrayList<>();
  final Map<String, Function<Req, Reply>> routes = new ConcurrentHashMap<>();

  StubProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI issuer() {
    return URI.create(base() + "/realm");
  }

  /** A discovery document; {@code extra} is spliced in (e.g. the device endpoint). */
  StubProvider discovery(String issuerInDoc, String extra) {
    routes.put("/realm/.well-known/openid-configuration", r -> Reply.ok(
        "{\"issuer\":\"" + issuerInDoc + "\",\"token_endpoint\":\"" + base() + "/realm/token\","
            + "\"authorization_endpoint\":\"" + base() + "/realm/auth\","
            + "\"jwks_uri\":\"" + base() + "/realm/jwks\"" + extra + "}"));
    return this;
  }

  void route(String path, Function<Req, Reply> f) {
    routes.put(path, f);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new LinkedHashMap<>();
      String q = ex.getRequestURI().getRawQuery();
      for (String s : new String[] {q, body}) {
        if (s == null || s.isEmpty() || s.startsWith("{")) {
          continue;
        }
        for (String kv : s.split("&")) {
          int i = kv.indexOf('=');
          if (i > 0) {
            form.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
          }
        }
      }
      Req req = new Req(ex.getRequestMethod(), ex.getRequestURI().getPath(), form,
          Map.copyOf(ex.getRequestHeaders()));
      requests.add(req);
      Function<Req, Reply> f = routes.get(req.path());
      Reply r = f == null ? new Reply(404, "{\"error\":\"not_found\"}") : f.apply(req);
      byte[] b = r.json().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(r.status(), b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    }
  }

  List<Req> requestsTo(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package de.denbi.spe.testkit.bibigrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stateful stand-in for BiBiGrid's REST API on 127.0.0.1, following its routes, status codes
 * and bodies ({@code bibigrid/core/startup_rest.py}, {@code bibigrid/models/rest.py}): 422 for a
 * body that is not a configuration list, 420 for a failed validation, 202 for create and
 * terminate, 404 for unknown clusters; a created cluster is {@code starting} for
 * {@code pollsUntilSettled} state requests, then {@code running}, or {@code failed} when the
 * master's image is named {@code broken-image}. Validation fails when a flavor is named
 * {@code no-such-flavor}.
 *
 * <p>For tests of code that drives BiBiGrid (no BiBiGrid server can run on a test machine):
 *
 * <pre>{@code
 * try (FakeBibigridServer bibigrid = new FakeBibigridServer()) {
 *   BibigridClient client = BibigridClient.builder().baseUrl(bibigrid.url()).build();
 *   ...
 *   assertThat(bibigrid.requests()).contains("POST /bibigrid/create/");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FakeBibigridServer implements AutoCloseable {
  private static final String ALPHABET = "0123456789abcdefghijkmnopqrstuvwxyz";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
  private final Map<String, List<String>> logs = new ConcurrentHashMap<>();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile int pollsUntilSettled = 2;

  private static final class Cluster {
    volatile String state = "starting";
    volatile int polls;
    volatile boolean willFail;
  }

  /**
   * Starts the fake on a random port of 127.0.0.1.
   *
   * @throws IOException if no port can be bound
   */
  public FakeBibigridServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/bibigrid/", this::handle);
    server.start();
  }

  /**
   * The base URL (without {@code /bibigrid}).
   *
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private String newId() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 15; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private void log(String id, String line) {
    logs.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
        .add(Instant.now() + " " + line);
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getQuery();
    requests.add(method + " " + path + (query == null ? "" : "?" + query));
    String[] p = path.split("/");
    String op = p.length > 2 ? p[2] : "";
    String id = p.length > 3 ? p[3] : null;
    byte[] in = ex.getRequestBody().readAllBytes();
    try {
      switch (method + " " + op) {
        case "GET requirements" -> send(ex, 200, json.readTree(
            "{\"cloud_node_requirements\":{\"os_distro\":{\"ubuntu\":{\"os_versions\":[\"22.04\",\"24.04\"]},"
                + "\"debian\":{\"os_versions\":[\"12\"]}}}}"));
        case "POST validate" -> {
          JsonNode body = configurations(ex, in);
          if (body == null) {
            return;
          }
          String cid = newId();
          boolean ok = !body.toString().contains("no-such-flavor");
          log(cid, "Validating config file schema...");
          log(cid, ok ? "Validation successful" : "Flavor no-such-flavor does not exist on openstack.");
          ObjectNode r = json.createObjectNode().put("message", ok ? "Validation successful" : "Validation failed")
              .put("cluster_id", cid).put("success", ok);
          send(ex, ok ? 200 : 420, r);
        }
        case "POST create" -> {
          JsonNode body = configurations(ex, in);
          if (body == null) {
            return;
          }
          String cid = newId();
          Cluster c = new Cluster();
          c.willFail = body.path("configurations").path(0).path("masterInstance").path("image").asText()
              .equals("broken-image");
          clusters.put(cid, c);
          log(cid, "Creating master...");
          send(ex, 202, json.createObjectNode().put("message", "Cluster creation started.").put("cluster_id", cid));
        }
        case "POST terminate" -> {
          Cluster c = clusters.get(id);
          if (c != null) {
            c.state = "terminated";
            log(id, "Terminated all servers.");
          }
          send(ex, 202, json.createObjectNode().put("message", "Termination successfully requested."));
        }
        case "POST info" -> {
          Cluster c = clusters.get(id);
          if (c == null || c.state.equals("terminated")) {
            send(ex, 404, json.createObjectNode().put("message", "Cluster not found.").put("ready", false));
            return;
          }
          ObjectNode r = json.createObjectNode();
          r.putObject("master").put("name", "bibigrid-master-" + id).put("private_v4", "10.0.0.5");
          r.putArray("workers").addObject().put("name", "bibigrid-worker-" + id + "-0");
          r.putArray("vpngtws");
          r.put("message", "Cluster found.").put("ready", c.state.equals("running"));
          send(ex, 200, r);
        }
        case "GET log" -> {
          List<String> l = logs.get(id);
          if (l == null) {
            send(ex, 404, json.createObjectNode().put("message", "Log not found.").putNull("log"));
            return;
          }
          int lines = query != null && query.startsWith("lines=") ? Integer.parseInt(query.substring(6)) : 0;
          List<String> out = lines > 0 && lines < l.size() ? l.subList(l.size() - lines, l.size()) : l;
          send(ex, 200, json.createObjectNode().put("message", "Log found").put("log", String.join("\n", out)));
        }
        case "GET state" -> {
          Cluster c = clusters.get(id);
          if (c == null) {
            ObjectNode r = json.createObjectNode().put("message", "Cluster not found.");
            r.putNull("cluster_id");
            r.putNull("floating_ip");
            r.putNull("ssh_user");
            send(ex, 404, r);
            return;
          }
          if (c.state.equals("starting") && ++c.polls >= pollsUntilSettled) {
            c.state = c.willFail ? "failed" : "running";
            log(id, c.willFail ? "ImageNotActiveException: Image broken-image no longer active" : "Cluster is running.");
          }
          send(ex, 200, json.createObjectNode().put("cluster_id", id).put("floating_ip", "192.0.2.10")
              .put("message", c.state.equals("failed") ? "Cluster creation failed." : "Cluster " + c.state)
              .put("ssh_user", "ubuntu").put("state", c.state).put("last_changed", Instant.now().toString()));
        }
        default -> send(ex, 404, json.createObjectNode().put("detail", "Not Found"));
      }
    } catch (RuntimeException e) {
      send(ex, 400, json.createObjectNode().put("message", "Internal server error."));
    }
  }

  /** FastAPI/pydantic: a body without a configurations list is a 422 with status_code 10422. */
  private JsonNode configurations(HttpExchange ex, byte[] in) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(in);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.path("configurations").isArray()
        || !body.path("configurations").path(0).has("infrastructure")) {
      send(ex, 422, json.createObjectNode().put("status_code", 10422)
          .put("message", "configurations: field required").putNull("data"));
      return null;
    }
    return body;
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] b = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  /**
   * Every request received so far, as {@code METHOD path[?query]}.
   *
   * @return a copy, in arrival order
   */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * How many {@code state} requests a new cluster stays {@code starting} for (default 2).
   *
   * @param polls the number of polls
   */
  public void pollsUntilSettled(int polls) {
    this.pollsUntilSettled = polls;
  }

  /**
   * The state of a cluster the fake created.
   *
   * @param clusterId the id
   * @return {@code starting}, {@code running}, {@code failed} or {@code terminated}, if known
   */
  public java.util.Optional<String> state(String clusterId) {
    Cluster c = clusters.get(clusterId);
    return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.state);
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
  }
}

package de.denbi.spe.compute.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.compute.internal.Shell;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidResponseException;
import de.denbi.spe.core.NotFoundException;
import de.denbi.spe.core.ServiceErrorDetails;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.http.Idempotency;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.json.SpeJson;
import de.denbi.spe.core.wait.Waiter;
import de.denbi.spe.core.wait.WaiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.AbsoluteLimit;
import org.openstack4j.model.storage.block.BlockLimits;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * OpenStack through openstack4j, authenticated the way de.NBI users log in: with an
 * <b>application credential</b> (openstack4j 3.12 cannot do that itself, so this client asks
 * Keystone for the token and builds openstack4j's client from it), or with a password.
 *
 * <p>The token is renewed five minutes before it expires. openstack4j runs on this module's
 * OkHttp 5 connector, so the build keeps one OkHttp. Secrets never appear in
 * {@code toString()}, logs or exceptions.
 *
 * <pre>{@code
 * OpenStackClient os = OpenStackClient.builder()
 *     .authUrl("https://openstack.example.org:5000/v3")
 *     .applicationCredential(System.getenv("OS_APPLICATION_CREDENTIAL_ID"),
 *                            System.getenv("OS_APPLICATION_CREDENTIAL_SECRET"))
 *     .region("Bielefeld")
 *     .build();
 * PreflightReport report = Preflight.check(config, os);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class OpenStackClient implements CloudInventory {
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private final HttpUrl authUrl;
  private final String region;
  private final ObjectNode authBody;
  private final SpeHttpClient http;
  private final AuditSink audit;
  private final String who;
  private KeystoneToken token;

  private OpenStackClient(Builder b) {
    this.authUrl = b.authUrl;
    this.region = b.region;
    this.authBody = b.authBody;
    this.audit = b.audit;
    this.who = b.who;
    SpeHttpClient.Builder hb = b.http != null ? b.http.newBuilder() : SpeHttpClient.builder();
    this.http = hb.serviceName("Keystone").tokenSource(null).build();
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A valid Keystone token (fetched or renewed if needed).
   *
   * @return openstack4j's token model
   */
  public synchronized KeystoneToken token() {
    if (token == null || token.getExpires() == null
        || token.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
      token = authenticate();
    }
    return token;
  }

  private KeystoneToken authenticate() {
    HttpUrl url = authUrl.newBuilder().addPathSegments("auth/tokens").build();
    Request req = new Request.Builder().url(url).post(http.jsonBody(authBody))
        .tag(Idempotency.class, Idempotency.IDEMPOTENT).build();
    return http.execute(req, resp -> {
      String subject = resp.header("X-Subject-Token");
      String body = resp.body().string();
      if (subject == null || subject.isBlank()) {
        throw new InvalidResponseException(new ServiceErrorDetails("Keystone", "POST", url.toString(),
            resp.code(), null, "no X-Subject-Token header", null, null), "no token in the reply", null);
      }
      try {
        KeystoneToken t = ObjectMapperSingleton.getContext(KeystoneToken.class)
            .readerFor(KeystoneToken.class).readValue(body);
        t.setId(subject);
        t.setEndpoint(authUrl.toString());
        return t;
      } catch (IOException e) {
        throw new InvalidResponseException(new ServiceErrorDetails("Keystone", "POST", url.toString(),
            resp.code(), null, null, null, null), "the token body is not a Keystone v3 token", e);
      }
    });
  }

  /**
   * An openstack4j client bound to the current thread, with a valid token and this region.
   * openstack4j keeps its session per thread: call this on the thread that uses it.
   *
   * @return the client
   */
  public OSClientV3 os() {
    OSClientV3 c = OSFactory.clientFromToken(token(), Facing.PUBLIC);
    return region == null ? c : c.useRegion(region);
  }

  private <T> T call(String what, Function<OSClientV3, T> f) {
    try {
      return f.apply(os());
    } catch (OS4JException e) {
      throw new SpeException("OpenStack " + what + " failed: " + e.getMessage()
          + " (check the region and that the service is in the catalog)", e);
    }
  }

  /**
   * The project the credential is scoped to.
   *
   * @return its id
   */
  public String projectId() {
    return token().getProject() == null ? "" : token().getProject().getId();
  }

  /**
   * Whether the catalog has a service of a type (e.g. {@code volumev3}).
   *
   * @param type the service type
   * @return true if present
   */
  public boolean hasService(String type) {
    return token().getCatalog() != null
        && token().getCatalog().stream().anyMatch(s -> type.equals(s.getType()));
  }

  @Override
  public List<Flavor> flavors() {
    return call("flavor list", os -> os.compute().flavors().list().stream()
        .map(f -> new Flavor(f.getId(), f.getName(), f.getVcpus(), f.getRam(), f.getDisk())).toList());
  }

  @Override
  public List<Image> images() {
    return call("image list", os -> os.imagesV2().list().stream()
        .map(i -> new Image(i.getId(), i.getName(),
            i.getStatus() == null ? "" : i.getStatus().name().toLowerCase(java.util.Locale.ROOT),
            i.getMinDisk() == null ? 0 : i.getMinDisk(), i.getMinRam() == null ? 0 : i.getMinRam()))
        .toList());
  }

  @Override
  public List<Network> networks() {
    return call("network list", os -> os.networking().network().list().stream()
        .map(n -> new Network(n.getId(), n.getName(), n.getStatus() == null ? "" : n.getStatus().name(),
            n.isRouterExternal(), n.getSubnets()))
        .toList());
  }

  @Override
  public List<Subnet> subnets() {
    return call("subnet list", os -> os.networking().subnet().list().stream()
        .map(s -> new Subnet(s.getId(), s.getName(), s.getNetworkId(), s.getCidr())).toList());
  }

  @Override
  public List<SecurityGroup> securityGroups() {
    return call("security group list", os -> os.networking().securitygroup().list().stream()
        .map(g -> new SecurityGroup(g.getId(), g.getName(), g.getDescription())).toList());
  }

  /**
   * The project's key pairs.
   *
   * @return the key pairs
   */
  public List<Keypair> keypairs() {
    return call("keypair list", os -> os.compute().keypairs().list().stream()
        .map(k -> new Keypair(k.getName(), k.getFingerprint())).toList());
  }

  /**
   * The project's servers.
   *
   * @return the servers
   */
  public List<Server> servers() {
    return call("server list", os -> os.compute().servers().list().stream().map(OpenStackClient::server).toList());
  }

  private static Server server(org.openstack4j.model.compute.Server s) {
    return new Server(s.getId(), s.getName(), s.getStatus() == null ? "" : s.getStatus().name(),
        s.getFlavorId() == null ? "" : s.getFlavorId(), s.getImageId() == null ? "" : s.getImageId());
  }

  @Override
  public Limits limits() {
    AbsoluteLimit a = call("compute limits", os -> os.compute().quotaSets().limits().getAbsolute());
    long maxVol = -1;
    long usedVol = -1;
    long maxGb = -1;
    long usedGb = -1;
    boolean known = false;
    if (hasService("volumev3") || hasService("block-storage") || hasService("volumev2")) {
      BlockLimits.Absolute b = call("volume limits", os -> os.blockStorage().getLimits().getAbsolute());
      maxVol = b.getMaxTotalVolumes();
      usedVol = b.getTotalVolumesUsed();
      maxGb = b.getMaxTotalVolumeGigabytes();
      usedGb = b.getTotalGigabytesUsed();
      known = true;
    }
    return new Limits(a.getMaxTotalCores(), a.getTotalCoresUsed(), a.getMaxTotalRAMSize(),
        a.getTotalRAMUsed(), a.getMaxTotalInstances(), a.getTotalInstancesUsed(), maxVol, usedVol,
        maxGb, usedGb, known);
  }

  /**
   * Creates a server (for tests and small tools; clusters are BiBiGrid's job).
   *
   * @param name its name
   * @param flavor flavor name or id
   * @param image image name or id
   * @param network network name or id
   * @return the new server (status BUILD)
   */
  public Server createServer(String name, String flavor, String image, String network) {
    Shell.oneLine(name, "name");
    Flavor f = flavors().stream().filter(x -> x.name().equals(flavor) || x.id().equals(flavor))
        .findFirst().orElseThrow(() -> notFound("flavor", flavor));
    Image i = images().stream().filter(x -> x.name().equals(image) || x.id().equals(image))
        .findFirst().orElseThrow(() -> notFound("image", image));
    Network n = networks().stream().filter(x -> x.name().equals(network) || x.id().equals(network))
        .findFirst().orElseThrow(() -> notFound("network", network));
    try {
      Server s = call("server create", os -> server(os.compute().servers().boot(Builders.server()
          .name(name).flavor(f.id()).image(i.id()).networks(List.of(n.id())).build())));
      record("server.create", s.id(), AuditOutcome.SUCCESS, Map.of("name", name, "flavor", f.name()));
      return s;
    } catch (SpeException e) {
      record("server.create", name, AuditOutcome.FAILURE, Map.of("name", name));
      throw e;
    }
  }

  /**
   * A server by id.
   *
   * @param id the id
   * @return the server
   * @throws NotFoundException if it does not exist
   */
  public Server server(String id) {
    org.openstack4j.model.compute.Server s = call("server get", os -> os.compute().servers().get(id));
    if (s == null) {
      throw notFound("server", id);
    }
    return server(s);
  }

  /**
   * Waits until a server is ACTIVE (or ERROR, which fails).
   *
   * @param id the server
   * @param config delays and timeout
   * @return the active server
   */
  public Server awaitActive(String id, WaiterConfig config) {
    Server s = Waiter.builder("OpenStack server " + id, () -> server(id))
        .until(x -> x.status().equals("ACTIVE") || x.status().equals("ERROR"))
        .stateName(Server::status).config(config).build().await();
    if (s.status().equals("ERROR")) {
      throw new SpeException("OpenStack server " + id + " went to ERROR");
    }
    return s;
  }

  /**
   * Deletes a server; an absent one is fine.
   *
   * @param id the server
   */
  public void deleteServer(String id) {
    ActionResponse r = call("server delete", os -> os.compute().servers().delete(id));
    if (!r.isSuccess() && r.getCode() != 404) {
      record("server.delete", id, AuditOutcome.FAILURE, Map.of());
      throw new SpeException("OpenStack refused to delete server " + id + ": " + r.getFault());
    }
    record("server.delete", id, AuditOutcome.SUCCESS, Map.of());
  }

  private NotFoundException notFound(String what, String name) {
    return new NotFoundException(new ServiceErrorDetails("OpenStack", "GET", what + "/" + name, 404,
        null, "no " + what + " named or with id '" + name + "'", null, null));
  }

  private void record(String action, String resource, AuditOutcome outcome, Map<String, String> d) {
    AuditSink.safeRecord(audit, AuditEvent.now(who, "OpenStack", action, "openstack:" + resource, outcome, d));
  }

  @Override
  public String toString() {
    return "OpenStackClient[" + authUrl + ", region=" + region + ", auth=" + who + "]";
  }

  /**
   * Builds an {@link OpenStackClient}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl authUrl;
    private String region;
    private ObjectNode authBody;
    private String secret;
    private String who;
    private SpeHttpClient http;
    private AuditSink audit = AuditSink.noop();

    private Builder() {}

    /**
     * Keystone's v3 URL, e.g. {@code https://openstack.example.org:5000/v3}.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder authUrl(String url) {
      HttpUrl u = url == null ? null : HttpUrl.parse(url);
      if (u == null) {
        throw new InvalidConfigException("openstack.authUrl", "not an http(s) URL: " + url);
      }
      this.authUrl = u;
      return this;
    }

    /**
     * Keystone URL and region from a site profile ({@code openstack.authUrl},
     * {@code openstack.region}).
     *
     * @param site the site's OpenStack settings
     * @return this builder
     */
    public Builder site(de.denbi.spe.core.profile.OpenStackSettings site) {
      authUrl(site.authUrl().toString());
      this.region = site.region();
      return this;
    }

    /**
     * The region (default: the catalog's first).
     *
     * @param region e.g. {@code RegionOne}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Log in with an application credential (it carries its own project scope).
     *
     * @param id the credential's id
     * @param secret its secret
     * @return this builder
     */
    public Builder applicationCredential(String id, String secret) {
      require(id, "applicationCredentialId");
      require(secret, "applicationCredentialSecret");
      ObjectNode b = SpeJson.mapper().createObjectNode();
      ObjectNode identity = b.putObject("auth").putObject("identity");
      identity.putArray("methods").add("application_credential");
      identity.putObject("application_credential").put("id", id).put("secret", secret);
      this.authBody = b;
      this.secret = secret;
      this.who = "application credential " + id;
      return this;
    }

    /**
     * Log in with a user's password, scoped to a project.
     *
     * @param user the user name
     * @param password the password
     * @param project the project name
     * @param domain the user's and project's domain, e.g. {@code Default}
     * @return this builder
     */
    public Builder password(String user, String password, String project, String domain) {
      require(user, "user");
      require(password, "password");
      require(project, "project");
      require(domain, "domain");
      ObjectNode b = SpeJson.mapper().createObjectNode();
      ObjectNode auth = b.putObject("auth");
      ObjectNode identity = auth.putObject("identity");
      identity.putArray("methods").add("password");
      ObjectNode u = identity.putObject("password").putObject("user");
      u.put("name", user).put("password", password).putObject("domain").put("name", domain);
      auth.putObject("scope").putObject("project").put("name", project).putObject("domain").put("name", domain);
      this.authBody = b;
      this.secret = password;
      this.who = "user " + user + " (project " + project + ")";
      return this;
    }

    /**
     * The HTTP client for Keystone (TLS, timeouts).
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Where server creation and deletion are reported.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "sink");
      return this;
    }

    private static void require(String v, String key) {
      if (v == null || v.isBlank()) {
        throw new InvalidConfigException(key, "must not be blank");
      }
    }

    /**
     * Validates and builds; no request is made until the first call.
     *
     * @return the client
     */
    public OpenStackClient build() {
      if (authUrl == null) {
        throw new InvalidConfigException("openstack.authUrl", "must be set");
      }
      if (authBody == null || secret == null) {
        throw new InvalidConfigException("credentials", "set applicationCredential(...) or password(...)");
      }
      return new OpenStackClient(this);
    }
  }
}

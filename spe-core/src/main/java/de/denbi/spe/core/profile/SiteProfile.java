package de.denbi.spe.core.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.LocalIOException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The endpoints of one SPE site: its OpenID provider, S3 store and STS, WES server, TES
 * servers, SLURM login host and slurmrestd, BiBiGrid and OpenStack. No secrets: credentials
 * come from token sources and the user's own key files.
 *
 * <p>From a YAML file ({@link #fromYaml(Path)}), environment variables
 * ({@link #fromEnvironment(Map)}), both ({@link #load()}), or a {@link #builder()}. Every source
 * is validated the same way, and an error names the bad key as that source spells it:
 *
 * <pre>{@code
 * name: denbi-bielefeld
 * oidc:
 *   issuer: https://login.aai.lifescience-ri.eu/oidc/
 *   clientId: my-spe-client
 *   scopes: [openid, profile, email, offline_access, eduperson_entitlement]
 * s3:
 *   endpoint: https://s3.example.org
 *   region: us-east-1
 *   pathStyle: true
 *   stsEndpoint: https://s3.example.org
 *   roleArn: arn:aws:iam:::role/spe-researcher
 * wes:
 *   url: https://wes.example.org/ga4gh/wes/v1
 * tes:
 *   urls: [https://tesk.example.org/ga4gh/tes/v1]
 * slurm:
 *   loginHost: login.example.org
 *   sshPort: 22
 *   restUrl: https://slurm.example.org
 * bibigrid:
 *   url: https://bibigrid.example.org
 * openstack:
 *   authUrl: https://openstack.example.org:5000/v3
 *   region: Bielefeld
 * }</pre>
 *
 * <p>Plain {@code http} URLs are refused except for loopback hosts (local tests), unless
 * {@link Builder#allowInsecureHttp(boolean)} is set: tokens and data must not travel in clear.
 *
 * @param name a short name of the site
 * @param oidc the OpenID provider, or {@code null}
 * @param s3 the S3 store, or {@code null}
 * @param wesUrl the WES base URL, or {@code null}
 * @param tesUrls the TES base URLs (empty when none)
 * @param slurm the SLURM cluster, or {@code null}
 * @param bibigridUrl the BiBiGrid REST URL, or {@code null}
 * @param openstack the OpenStack cloud, or {@code null}
 * @since 0.1.0
 */
public record SiteProfile(
    String name,
    OidcSettings oidc,
    S3Settings s3,
    URI wesUrl,
    List<URI> tesUrls,
    SlurmSettings slurm,
    URI bibigridUrl,
    OpenStackSettings openstack) {

  /** Environment variables read by {@link #fromEnvironment(Map)}, and the YAML key each sets. */
  public static final Map<String, String> ENVIRONMENT_VARIABLES =
      Map.ofEntries(
          Map.entry("SPE_SITE_NAME", "name"),
          Map.entry("SPE_OIDC_ISSUER", "oidc.issuer"),
          Map.entry("SPE_OIDC_CLIENT_ID", "oidc.clientId"),
          Map.entry("SPE_OIDC_SCOPES", "oidc.scopes"),
          Map.entry("SPE_S3_ENDPOINT", "s3.endpoint"),
          Map.entry("SPE_S3_REGION", "s3.region"),
          Map.entry("SPE_S3_PATH_STYLE", "s3.pathStyle"),
          Map.entry("SPE_STS_ENDPOINT", "s3.stsEndpoint"),
          Map.entry("SPE_STS_ROLE_ARN", "s3.roleArn"),
          Map.entry("SPE_WES_URL", "wes.url"),
          Map.entry("SPE_TES_URLS", "tes.urls"),
          Map.entry("SPE_SLURM_LOGIN_HOST", "slurm.loginHost"),
          Map.entry("SPE_SLURM_SSH_PORT", "slurm.sshPort"),
          Map.entry("SPE_SLURMRESTD_URL", "slurm.restUrl"),
          Map.entry("SPE_BIBIGRID_URL", "bibigrid.url"),
          Map.entry("OS_AUTH_URL", "openstack.authUrl"),
          Map.entry("OS_REGION_NAME", "openstack.region"));

  /** Environment variable naming a profile file for {@link #load()}. */
  public static final String PROFILE_FILE_VARIABLE = "SPE_SITE_PROFILE";

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\]");
  private static final Pattern TOKENISH = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,256}");
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Copies the TES URLs. */
  public SiteProfile {
    tesUrls = tesUrls == null ? List.of() : List.copyOf(tesUrls);
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a profile from a YAML file. Unknown keys are errors (a typo must not silently drop a
   * setting).
   *
   * @param file the file
   * @return the validated profile
   * @throws InvalidConfigException naming the bad key
   * @throws LocalIOException if the file cannot be read
   */
  public static SiteProfile fromYaml(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return fromYaml(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new LocalIOException("Site profile " + file + " does not exist", e);
    } catch (IOException e) {
      throw new LocalIOException("Cannot read site profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a profile from YAML text.
   *
   * @param in the YAML
   * @param sourceName where it came from, for messages
   * @return the validated profile
   */
  public static SiteProfile fromYaml(InputStream in, String sourceName) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (JacksonException e) {
      throw new InvalidConfigException(
          sourceName, "not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new LocalIOException("Cannot read site profile " + sourceName, e);
    }
    Builder b = builder().source(sourceName);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return b.build();
    }
    new YamlReader(b, sourceName).read(root);
    return b.build();
  }

  /**
   * Builds a profile from environment variables ({@link #ENVIRONMENT_VARIABLES}).
   *
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the validated profile (possibly empty)
   */
  public static SiteProfile fromEnvironment(Map<String, String> env) {
    Builder b = builder().source("environment");
    b.applyEnvironment(env);
    return b.build();
  }

  /**
   * The profile of this process: the YAML file named by {@code SPE_SITE_PROFILE}, else
   * {@code ~/.config/spe/site.yaml} if it exists (or {@code $XDG_CONFIG_HOME/spe/site.yaml}),
   * with environment variables overriding single keys.
   *
   * @return the validated profile
   */
  public static SiteProfile load() {
    return load(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * As {@link #load()}, with an explicit environment and home directory.
   *
   * @param env the environment
   * @param home the user's home directory
   * @return the validated profile
   */
  public static SiteProfile load(Map<String, String> env, Path home) {
    Path file = null;
    String named = env.get(PROFILE_FILE_VARIABLE);
    if (named != null && !named.isBlank()) {
      file = Path.of(named);
      if (!Files.isRegularFile(file)) {
        throw new InvalidConfigException(PROFILE_FILE_VARIABLE, "no such file: " + file);
      }
    } else {
      String xdg = env.get("XDG_CONFIG_HOME");
      Path dir = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
      Path candidate = dir.resolve("spe").resolve("site.yaml");
      if (Files.isRegularFile(candidate)) {
        file = candidate;
      }
    }
    Builder b = file == null ? builder().source("environment") : fromYaml(file).toBuilder();
    b.applyEnvironment(env);
    return b.build();
  }

  /**
   * A builder with this profile's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = builder().source("profile " + name).name(name);
    if (oidc != null) {
      b.oidcIssuer(oidc.issuer().toString()).oidcClientId(oidc.clientId()).oidcScopes(oidc.scopes());
    }
    if (s3 != null) {
      b.s3Endpoint(s3.endpoint().toString()).s3Region(s3.region()).s3PathStyle(s3.pathStyle());
      if (s3.stsEndpoint() != null) {
        b.stsEndpoint(s3.stsEndpoint().toString());
      }
      b.stsRoleArn(s3.roleArn());
    }
    if (wesUrl != null) {
      b.wesUrl(wesUrl.toString());
    }
    tesUrls.forEach(u -> b.addTesUrl(u.toString()));
    if (slurm != null) {
      b.slurmLoginHost(slurm.loginHost()).slurmSshPort(slurm.sshPort());
      if (slurm.restUrl() != null) {
        b.slurmRestUrl(slurm.restUrl().toString());
      }
    }
    if (bibigridUrl != null) {
      b.bibigridUrl(bibigridUrl.toString());
    }
    if (openstack != null) {
      b.openstackAuthUrl(openstack.authUrl().toString()).openstackRegion(openstack.region());
    }
    b.allowInsecureHttp = true; // already validated
    return b;
  }

  /**
   * The OpenID settings, or an error saying how to configure them.
   *
   * @return the settings
   */
  public OidcSettings requireOidc() {
    return require(oidc, "oidc.issuer", "SPE_OIDC_ISSUER");
  }

  /**
   * The S3 settings, or an error saying how to configure them.
   *
   * @return the settings
   */
  public S3Settings requireS3() {
    return require(s3, "s3.endpoint", "SPE_S3_ENDPOINT");
  }

  /**
   * The WES URL, or an error saying how to configure it.
   *
   * @return the URL
   */
  public URI requireWesUrl() {
    return require(wesUrl, "wes.url", "SPE_WES_URL");
  }

  /**
   * The TES URLs, or an error saying how to configure them.
   *
   * @return at least one URL
   */
  public List<URI> requireTesUrls() {
    return require(tesUrls.isEmpty() ? null : tesUrls, "tes.urls", "SPE_TES_URLS");
  }

  /**
   * The SLURM settings, or an error saying how to configure them.
   *
   * @return the settings
   */
  public SlurmSettings requireSlurm() {
    return require(slurm, "slurm.loginHost", "SPE_SLURM_LOGIN_HOST");
  }

  /**
   * The BiBiGrid URL, or an error saying how to configure it.
   *
   * @return the URL
   */
  public URI requireBibigridUrl() {
    return require(bibigridUrl, "bibigrid.url", "SPE_BIBIGRID_URL");
  }

  /**
   * The OpenStack settings, or an error saying how to configure them.
   *
   * @return the settings
   */
  public OpenStackSettings requireOpenStack() {
    return require(openstack, "openstack.authUrl", "OS_AUTH_URL");
  }

  private <T> T require(T value, String key, String env) {
    if (value == null) {
      throw new InvalidConfigException(
          key,
          "the site profile '" + name + "' does not set it; add " + key + " to site.yaml or set "
              + env);
    }
    return value;
  }

  private static final class YamlReader {
    private final Builder b;
    private final String src;

    YamlReader(Builder b, String src) {
      this.b = b;
      this.src = src;
    }

    void read(JsonNode root) {
      if (!root.isObject()) {
        throw new InvalidConfigException(src, "a site profile must be a YAML mapping");
      }
      allowOnly(root, "", Set.of("name", "oidc", "s3", "wes", "tes", "slurm", "bibigrid", "openstack"));
      if (root.has("name")) {
        b.name(text(root, "name", "name"));
      }
      JsonNode oidc = section(root, "oidc", Set.of("issuer", "clientId", "scopes"));
      if (oidc != null) {
        b.oidcIssuer(text(oidc, "issuer", "oidc.issuer"));
        b.oidcClientId(text(oidc, "clientId", "oidc.clientId"));
        if (oidc.has("scopes")) {
          b.oidcScopes(list(oidc.get("scopes"), "oidc.scopes"));
        }
      }
      JsonNode s3 = section(root, "s3", Set.of("endpoint", "region", "pathStyle", "stsEndpoint", "roleArn"));
      if (s3 != null) {
        b.s3Endpoint(text(s3, "endpoint", "s3.endpoint"));
        if (s3.has("region")) {
          b.s3Region(text(s3, "region", "s3.region"));
        }
        if (s3.has("pathStyle")) {
          JsonNode ps = s3.get("pathStyle");
          if (!ps.isBoolean()) {
            throw new InvalidConfigException(key("s3.pathStyle"), "must be true or false");
          }
          b.s3PathStyle(ps.booleanValue());
        }
        if (s3.has("stsEndpoint")) {
          b.stsEndpoint(text(s3, "stsEndpoint", "s3.stsEndpoint"));
        }
        if (s3.has("roleArn")) {
          b.stsRoleArn(text(s3, "roleArn", "s3.roleArn"));
        }
      }
      JsonNode wes = section(root, "wes", Set.of("url"));
      if (wes != null) {
        b.wesUrl(text(wes, "url", "wes.url"));
      }
      JsonNode tes = section(root, "tes", Set.of("urls"));
      if (tes != null) {
        list(tes.get("urls"), "tes.urls").forEach(b::addTesUrl);
      }
      JsonNode slurm = section(root, "slurm", Set.of("loginHost", "sshPort", "restUrl"));
      if (slurm != null) {
        if (slurm.has("loginHost")) {
          b.slurmLoginHost(text(slurm, "loginHost", "slurm.loginHost"));
        }
        if (slurm.has("sshPort")) {
          JsonNode p = slurm.get("sshPort");
          if (!p.canConvertToInt() || !p.isIntegralNumber()) {
            throw new InvalidConfigException(key("slurm.sshPort"), "must be a port number");
          }
          b.slurmSshPort(p.intValue());
        }
        if (slurm.has("restUrl")) {
          b.slurmRestUrl(text(slurm, "restUrl", "slurm.restUrl"));
        }
      }
      JsonNode bibi = section(root, "bibigrid", Set.of("url"));
      if (bibi != null) {
        b.bibigridUrl(text(bibi, "url", "bibigrid.url"));
      }
      JsonNode os = section(root, "openstack", Set.of("authUrl", "region"));
      if (os != null) {
        b.openstackAuthUrl(text(os, "authUrl", "openstack.authUrl"));
        if (os.has("region")) {
          b.openstackRegion(text(os, "region", "openstack.region"));
        }
      }
    }

    private JsonNode section(JsonNode root, String name, Set<String> keys) {
      JsonNode n = root.get(name);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        throw new InvalidConfigException(key(name), "must be a mapping with keys " + sorted(keys));
      }
      allowOnly(n, name + ".", keys);
      return n;
    }

    private void allowOnly(JsonNode n, String prefix, Set<String> keys) {
      Iterator<String> it = n.fieldNames();
      while (it.hasNext()) {
        String f = it.next();
        if (!keys.contains(f)) {
          throw new InvalidConfigException(
              key(prefix + f), "unknown key; expected one of " + sorted(keys));
        }
      }
    }

    private String text(JsonNode n, String field, String path) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        throw new InvalidConfigException(key(path), "is required");
      }
      if (!v.isValueNode() || v.isBinary()) {
        throw new InvalidConfigException(key(path), "must be a single value, not " + v.getNodeType());
      }
      return v.asText();
    }

    private List<String> list(JsonNode v, String path) {
      if (v == null || v.isNull()) {
        throw new InvalidConfigException(key(path), "is required");
      }
      List<String> out = new ArrayList<>();
      if (v.isArray()) {
        for (JsonNode e : v) {
          if (!e.isValueNode()) {
            throw new InvalidConfigException(key(path), "must be a list of strings");
          }
          out.add(e.asText());
        }
      } else if (v.isTextual()) {
        out.addAll(splitList(v.asText()));
      } else {
        throw new InvalidConfigException(key(path), "must be a list of strings");
      }
      return out;
    }

    private String key(String path) {
      return path + " (in " + src + ")";
    }

    private static String sorted(Set<String> keys) {
      return keys.stream().sorted().toList().toString();
    }
  }

  private static List<String> splitList(String s) {
    return Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isEmpty()).toList();
  }

  /**
   * Builds a {@link SiteProfile}; {@link #build()} validates every value.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String source = "builder";
    private final Map<String, String> keyNames = new java.util.HashMap<>();
    private String name;
    private String oidcIssuer;
    private String oidcClientId;
    private List<String> oidcScopes = List.of();
    private String s3Endpoint;
    private String s3Region;
    private Boolean s3PathStyle;
    private String stsEndpoint;
    private String stsRoleArn;
    private String wesUrl;
    private final List<String> tesUrls = new ArrayList<>();
    private String slurmLoginHost;
    private Integer slurmSshPort;
    private String slurmRestUrl;
    private String bibigridUrl;
    private String openstackAuthUrl;
    private String openstackRegion;
    private boolean allowInsecureHttp;

    private Builder() {}

    Builder source(String s) {
      this.source = s;
      return this;
    }

    void applyEnvironment(Map<String, String> env) {
      for (Map.Entry<String, String> e : ENVIRONMENT_VARIABLES.entrySet()) {
        String v = env.get(e.getKey());
        if (v == null || v.isBlank()) {
          continue;
        }
        keyNames.put(e.getValue(), e.getKey());
        switch (e.getKey()) {
          case "SPE_SITE_NAME" -> name(v);
          case "SPE_OIDC_ISSUER" -> oidcIssuer(v);
          case "SPE_OIDC_CLIENT_ID" -> oidcClientId(v);
          case "SPE_OIDC_SCOPES" -> oidcScopes(splitList(v));
          case "SPE_S3_ENDPOINT" -> s3Endpoint(v);
          case "SPE_S3_REGION" -> s3Region(v);
          case "SPE_S3_PATH_STYLE" -> s3PathStyle(parseBoolean(e.getKey(), v));
          case "SPE_STS_ENDPOINT" -> stsEndpoint(v);
          case "SPE_STS_ROLE_ARN" -> stsRoleArn(v);
          case "SPE_WES_URL" -> wesUrl(v);
          case "SPE_TES_URLS" -> {
            tesUrls.clear();
            splitList(v).forEach(this::addTesUrl);
          }
          case "SPE_SLURM_LOGIN_HOST" -> slurmLoginHost(v);
          case "SPE_SLURM_SSH_PORT" -> slurmSshPort(parsePort(e.getKey(), v));
          case "SPE_SLURMRESTD_URL" -> slurmRestUrl(v);
          case "SPE_BIBIGRID_URL" -> bibigridUrl(v);
          case "OS_AUTH_URL" -> openstackAuthUrl(v);
          case "OS_REGION_NAME" -> openstackRegion(v);
          default -> throw new IllegalStateException(e.getKey());
        }
      }
    }

    private static boolean parseBoolean(String key, String v) {
      return switch (v.strip().toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new InvalidConfigException(key, "must be true or false, was '" + v + "'");
      };
    }

    private static int parsePort(String key, String v) {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new InvalidConfigException(key, "must be a port number, was '" + v + "'");
      }
    }

    /**
     * The site's short name.
     *
     * @param name e.g. {@code denbi-bielefeld}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The OpenID issuer URL.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder oidcIssuer(String issuer) {
      this.oidcIssuer = issuer;
      return this;
    }

    /**
     * The public OIDC client id.
     *
     * @param clientId the client id
     * @return this builder
     */
    public Builder oidcClientId(String clientId) {
      this.oidcClientId = clientId;
      return this;
    }

    /**
     * The scopes to request.
     *
     * @param scopes the scopes
     * @return this builder
     */
    public Builder oidcScopes(List<String> scopes) {
      this.oidcScopes = List.copyOf(scopes);
      return this;
    }

    /**
     * The S3 endpoint.
     *
     * @param endpoint the URL
     * @return this builder
     */
    public Builder s3Endpoint(String endpoint) {
      this.s3Endpoint = endpoint;
      return this;
    }

    /**
     * The S3 signing region.
     *
     * @param region e.g. {@code us-east-1}
     * @return this builder
     */
    public Builder s3Region(String region) {
      this.s3Region = region;
      return this;
    }

    /**
     * Path-style bucket addressing.
     *
     * @param pathStyle true for {@code https://host/bucket/key}
     * @return this builder
     */
    public Builder s3PathStyle(boolean pathStyle) {
      this.s3PathStyle = pathStyle;
      return this;
    }

    /**
     * The STS endpoint.
     *
     * @param endpoint the URL
     * @return this builder
     */
    public Builder stsEndpoint(String endpoint) {
      this.stsEndpoint = endpoint;
      return this;
    }

    /**
     * The role to assume with STS.
     *
     * @param roleArn the ARN, or null
     * @return this builder
     */
    public Builder stsRoleArn(String roleArn) {
      this.stsRoleArn = roleArn;
      return this;
    }

    /**
     * The WES base URL.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder wesUrl(String url) {
      this.wesUrl = url;
      return this;
    }

    /**
     * Adds a TES base URL.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder addTesUrl(String url) {
      this.tesUrls.add(url);
      return this;
    }

    /**
     * The SLURM login host for SSH.
     *
     * @param host the host name or IP
     * @return this builder
     */
    public Builder slurmLoginHost(String host) {
      this.slurmLoginHost = host;
      return this;
    }

    /**
     * The SSH port of the login host.
     *
     * @param port the port
     * @return this builder
     */
    public Builder slurmSshPort(int port) {
      this.slurmSshPort = port;
      return this;
    }

    /**
     * The slurmrestd URL.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder slurmRestUrl(String url) {
      this.slurmRestUrl = url;
      return this;
    }

    /**
     * The BiBiGrid REST URL.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder bibigridUrl(String url) {
      this.bibigridUrl = url;
      return this;
    }

    /**
     * The Keystone v3 URL.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder openstackAuthUrl(String url) {
      this.openstackAuthUrl = url;
      return this;
    }

    /**
     * The OpenStack region.
     *
     * @param region the region
     * @return this builder
     */
    public Builder openstackRegion(String region) {
      this.openstackRegion = region;
      return this;
    }

    /**
     * Allows plain {@code http} URLs to non-loopback hosts. For a test site on a private network
     * only.
     *
     * @param allow true to allow
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Validates and builds the profile.
     *
     * @return the profile
     * @throws InvalidConfigException naming the first bad key
     */
    public SiteProfile build() {
      String siteName = name == null || name.isBlank() ? "default" : name.strip();
      if (!TOKENISH.matcher(siteName).matches()) {
        throw bad("name", "may only contain letters, digits and . _ : @ / + = -");
      }
      OidcSettings oidc = null;
      if (oidcIssuer != null || oidcClientId != null) {
        URI issuer = url("oidc.issuer", oidcIssuer);
        if (oidcClientId == null || oidcClientId.isBlank()) {
          throw bad("oidc.clientId", "is required when oidc.issuer is set");
        }
        if (!TOKENISH.matcher(oidcClientId).matches()) {
          throw bad("oidc.clientId", "must not contain spaces or control characters");
        }
        for (String s : oidcScopes) {
          if (!s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
            throw bad("oidc.scopes", "'" + s + "' is not a valid OAuth scope");
          }
        }
        oidc = new OidcSettings(issuer, oidcClientId, oidcScopes);
      }
      S3Settings s3 = null;
      if (s3Endpoint != null || stsEndpoint != null || s3Region != null) {
        URI ep = url("s3.endpoint", s3Endpoint);
        String region = s3Region == null ? "us-east-1" : s3Region.strip();
        if (!REGION.matcher(region).matches()) {
          throw bad("s3.region", "'" + region + "' is not a region name");
        }
        URI sts = stsEndpoint == null ? null : url("s3.stsEndpoint", stsEndpoint);
        if (stsRoleArn != null && !stsRoleArn.startsWith("arn:")) {
          throw bad("s3.roleArn", "must be an ARN (arn:...), was '" + stsRoleArn + "'");
        }
        s3 = new S3Settings(ep, region, s3PathStyle == null || s3PathStyle, sts, stsRoleArn);
      }
      URI wes = wesUrl == null ? null : url("wes.url", wesUrl);
      List<URI> tes = new ArrayList<>();
      for (int i = 0; i < tesUrls.size(); i++) {
        tes.add(url("tes.urls[" + i + "]", tesUrls.get(i)));
      }
      SlurmSettings slurm = null;
      if (slurmLoginHost != null || slurmRestUrl != null || slurmSshPort != null) {
        String host = slurmLoginHost == null ? null : slurmLoginHost.strip();
        if (host != null && !HOST.matcher(host).matches()) {
          throw bad("slurm.loginHost", "'" + host + "' is not a host name or IP address");
        }
        int port = slurmSshPort == null ? 22 : slurmSshPort;
        if (port < 1 || port > 65535) {
          throw bad("slurm.sshPort", "must be between 1 and 65535, was " + port);
        }
        URI rest = slurmRestUrl == null ? null : url("slurm.restUrl", slurmRestUrl);
        slurm = new SlurmSettings(host, port, rest);
      }
      URI bibigrid = bibigridUrl == null ? null : url("bibigrid.url", bibigridUrl);
      OpenStackSettings os = null;
      if (openstackAuthUrl != null || openstackRegion != null) {
        URI auth = url("openstack.authUrl", openstackAuthUrl);
        if (openstackRegion != null && !REGION.matcher(openstackRegion).matches()) {
          throw bad("openstack.region", "'" + openstackRegion + "' is not a region name");
        }
        os = new OpenStackSettings(auth, openstackRegion);
      }
      return new SiteProfile(siteName, oidc, s3, wes, tes, slurm, bibigrid, os);
    }

    private InvalidConfigException bad(String key, String message) {
      String env = keyNames.get(key.replaceAll("\\[\\d+]$", ""));
      String name = env != null ? env : key;
      return new InvalidConfigException(name + " (in " + source + ")", message);
    }

    private URI url(String key, String value) {
      if (value == null || value.isBlank()) {
        throw bad(key, "is required");
      }
      URI u;
      try {
        u = new URI(value.strip());
      } catch (URISyntaxException e) {
        throw bad(key, "'" + value + "' is not a URL: " + e.getReason());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!u.isAbsolute() || u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw bad(key, "'" + value + "' is not an absolute http(s) URL with a host");
      }
      if (u.getUserInfo() != null) {
        throw bad(key, "must not contain credentials (user:password@); use a token source");
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        throw bad(key, "must not have a query or fragment");
      }
      if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(u.getHost())) {
        throw bad(
            key,
            "'" + value + "' is plain HTTP to a non-local host: tokens and data would travel"
                + " unencrypted. Use https (or allowInsecureHttp for a private test site).");
      }
      return u;
    }

    private static boolean isLoopback(String host) {
      String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
        return false; // never resolve names here
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (IOException e) {
        return false;
      }
    }
  }
}

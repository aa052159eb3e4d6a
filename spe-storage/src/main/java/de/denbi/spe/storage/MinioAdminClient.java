package de.denbi.spe.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.SpeException;
import de.denbi.spe.core.audit.AuditEvent;
import de.denbi.spe.core.audit.AuditOutcome;
import de.denbi.spe.core.audit.AuditSink;
import de.denbi.spe.core.http.SpeHttpClient;
import de.denbi.spe.core.json.SpeJson;
import de.denbi.spe.storage.internal.Hashing;
import de.denbi.spe.storage.internal.MadminCrypto;
import io.minio.Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link StorageAdmin} for MinIO, through its admin API ({@code /minio/admin/v3}, signed with
 * SigV4 by an admin's keys): canned policies, group membership, attaching policies to users
 * and groups, and local users (for services; the secret key travels in madmin's encrypted
 * body). Researchers from LS Login are not created here: they get policies from their token
 * ({@code policy} claim / {@code minio_policies} scope) or MinIO's RolePolicy.
 *
 * @since 0.1.0
 */
public final class MinioAdminClient implements StorageAdmin {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private final HttpUrl base;
  private final String region;
  private final CredentialsProvider credentials;
  private final SpeHttpClient http;
  private final AuditSink audit;
  private final String actor;

  private MinioAdminClient(Builder b) {
    this.base = b.base;
    this.region = b.region;
    this.credentials = b.credentials;
    SpeHttpClient h = b.http != null ? b.http : SpeHttpClient.builder().build();
    this.http = h.newBuilder().serviceName("MinIO admin").build();
    this.audit = b.audit;
    this.actor = b.actor;
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void putPolicy(String name, PolicyDocument policy) {
    Objects.requireNonNull(policy, "policy");
    send("PUT", "add-canned-policy", Map.of("name", name(name, "name")), policy.toJson(),
        "policy.put", name);
  }

  @Override
  public void deletePolicy(String name) {
    send("DELETE", "remove-canned-policy", Map.of("name", name(name, "name")), null,
        "policy.delete", name);
  }

  @Override
  public Map<String, PolicyDocument> listPolicies() {
    String body = send("GET", "list-canned-policies", Map.of(), null, null, null);
    Map<String, PolicyDocument> out = new LinkedHashMap<>();
    try {
      JsonNode root = SpeJson.mapper().readTree(body);
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode v = e.getValue();
        out.put(e.getKey(), PolicyDocument.parse(v.isTextual() ? v.asText() : v.toString()));
      }
    } catch (java.io.IOException e) {
      throw new SpeException("MinIO's policy list is not JSON: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void addGroupMembers(String group, List<String> members) {
    groupMembers(group, members, false);
  }

  @Override
  public void removeGroupMembers(String group, List<String> members) {
    groupMembers(group, members, true);
  }

  private void groupMembers(String group, List<String> members, boolean remove) {
    name(group, "group");
    if (members == null || members.isEmpty()) {
      throw new InvalidRequestException("members", "at least one member");
    }
    members.forEach(m -> name(m, "members"));
    ObjectNode n = SpeJson.mapper().createObjectNode();
    n.put("group", group);
    members.forEach(n.putArray("members")::add);
    n.put("isRemove", remove);
    n.put("groupStatus", "");
    send("PUT", "update-group-members", Map.of(), n.toString(),
        remove ? "group.members.remove" : "group.members.add", group);
  }

  @Override
  public void attachPoliciesToUser(String user, List<String> policies) {
    attach(user, policies, false);
  }

  @Override
  public void attachPoliciesToGroup(String group, List<String> policies) {
    attach(group, policies, true);
  }

  private void attach(String who, List<String> policies, boolean group) {
    name(who, group ? "group" : "user");
    if (policies == null || policies.isEmpty()) {
      throw new InvalidRequestException("policies", "at least one policy name");
    }
    policies.forEach(p -> name(p, "policies"));
    Map<String, String> q = new LinkedHashMap<>();
    q.put("policyName", String.join(",", policies));
    q.put("userOrGroup", who);
    q.put("isGroup", Boolean.toString(group));
    send("PUT", "set-user-or-group-policy", q, null, "policy.attach",
        (group ? "group:" : "user:") + who);
  }

  /**
   * {@inheritDoc}
   *
   * <p>MinIO wants this request body encrypted with the admin's secret key (madmin's format; see
   * {@code MadminCrypto}). Access keys need 3 to 128 characters, secret keys 8 to 40.
   */
  @Override
  public void createUser(String accessKey, String secretKey) {
    name(accessKey, "accessKey");
    if (accessKey.length() < 3) {
      throw new InvalidRequestException("accessKey", "must have at least 3 characters");
    }
    if (secretKey == null || secretKey.length() < 8 || secretKey.length() > 40) {
      throw new InvalidRequestException("secretKey", "must have 8 to 40 characters");
    }
    ObjectNode n = SpeJson.mapper().createObjectNode();
    n.put("secretKey", secretKey);
    n.put("status", "enabled");
    // one set of credentials both encrypts the body and signs the request (STS keys rotate)
    S3Credentials c = credentials.credentials();
    byte[] body = MadminCrypto.encrypt(c.secretAccessKey(),
        n.toString().getBytes(StandardCharsets.UTF_8));
    send("PUT", "add-user", Map.of("accessKey", accessKey), body, OCTETS, c, "user.create",
        "user:" + accessKey);
  }

  @Override
  public void removeUser(String accessKey) {
    send("DELETE", "remove-user", Map.of("accessKey", name(accessKey, "accessKey")), null,
        "user.remove", "user:" + accessKey);
  }

  @Override
  public void setUserEnabled(String accessKey, boolean enabled) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("accessKey", name(accessKey, "accessKey"));
    q.put("status", enabled ? "enabled" : "disabled");
    send("PUT", "set-user-status", q, null, enabled ? "user.enable" : "user.disable",
        "user:" + accessKey);
  }

  private static String name(String s, String field) {
    if (s == null || !s.matches("[\\p{Alnum}@._=+,:-]{1,128}")) {
      throw new InvalidRequestException(field, "must be 1-128 letters, digits or @._=+,:-,"
          + " was '" + s + "'");
    }
    return s;
  }

  private String send(String method, String op, Map<String, String> query, String body,
      String action, String resource) {
    return send(method, op, query, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        JSON, credentials.credentials(), action, resource);
  }

  private String send(String method, String op, Map<String, String> query, byte[] body,
      MediaType type, S3Credentials c, String action, String resource) {
    HttpUrl.Builder u = base.newBuilder().addPathSegments("minio/admin/v3/" + op);
    query.forEach(u::addQueryParameter);
    byte[] bytes = body == null ? new byte[0] : body;
    String sha = Hashing.sha256Hex(bytes, bytes.length);
    Request.Builder rb = new Request.Builder().url(u.build())
        .header("x-amz-content-sha256", sha)
        .header("x-amz-date", AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .header("Host", base.port() == HttpUrl.defaultPort(base.scheme())
            ? base.host() : base.host() + ":" + base.port());
    RequestBody rbody = body == null ? (method.equals("GET") || method.equals("DELETE") ? null
        : RequestBody.create(bytes)) : RequestBody.create(bytes, type);
    rb.method(method, rbody);
    if (c.sessionToken() != null) {
      rb.header("x-amz-security-token", c.sessionToken());
    }
    Request signed;
    try {
      signed = Signer.signV4S3(rb.build(), region, c.accessKeyId(), c.secretAccessKey(), sha);
    } catch (Exception e) {
      throw new SpeException("signing the MinIO admin request failed: " + e.getMessage(), e);
    }
    try {
      String out = http.execute(signed, r -> r.body().string());
      if (action != null) {
        AuditSink.safeRecord(audit, AuditEvent.now(actor, "MinIO admin", action, resource,
            AuditOutcome.SUCCESS, Map.of()));
      }
      return out;
    } catch (de.denbi.spe.core.SpeServiceException e) {
      if (action != null) {
        AuditSink.safeRecord(audit, AuditEvent.now(actor, "MinIO admin", action, resource,
            e.statusCode() == 403 ? AuditOutcome.DENIED : AuditOutcome.FAILURE, Map.of()));
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "MinioAdminClient[endpoint=" + base + ", credentials=" + credentials + "]";
  }

  /**
   * Builds a {@link MinioAdminClient}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private HttpUrl base;
    private String badEndpoint;
    private String region = "us-east-1";
    private CredentialsProvider credentials;
    private SpeHttpClient http;
    private AuditSink audit = AuditSink.noop();
    private String actor;

    private Builder() {}

    /**
     * MinIO's endpoint (the S3 endpoint).
     *
     * @param uri the endpoint
     * @return this builder
     */
    public Builder endpoint(URI uri) {
      HttpUrl u = uri == null ? null : HttpUrl.parse(uri.toString());
      this.base = u;
      this.badEndpoint = u == null ? String.valueOf(uri) : null;
      return this;
    }

    /**
     * The signing region.
     *
     * @param region default {@code us-east-1}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * An admin's credentials.
     *
     * @param provider the credentials
     * @return this builder
     */
    public Builder credentials(CredentialsProvider provider) {
      this.credentials = provider;
      return this;
    }

    /**
     * The HTTP client (TLS, timeouts, logging).
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(SpeHttpClient client) {
      this.http = client;
      return this;
    }

    /**
     * Where audit events go.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "auditSink");
      return this;
    }

    /**
     * The actor named in audit events.
     *
     * @param actor the admin's identity
     * @return this builder
     */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client
     * @throws InvalidConfigException naming the bad setting
     */
    public MinioAdminClient build() {
      if (badEndpoint != null || base == null) {
        throw new InvalidConfigException("endpoint", "an http(s) URL is required, was "
            + badEndpoint);
      }
      if (credentials == null) {
        throw new InvalidConfigException("credentials", "an admin's keys are required");
      }
      if (region == null || region.isBlank()) {
        throw new InvalidConfigException("region", "must not be empty");
      }
      return new MinioAdminClient(this);
    }
  }
}

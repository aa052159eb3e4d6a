package de.denbi.spe.storage;

import de.denbi.spe.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement of an IAM / S3 bucket policy.
 *
 * @param sid an optional statement id, or {@code null}
 * @param effect allow or deny
 * @param principals for bucket policies: the principals ({@code "*"}, role or user ARNs) as
 *     {@code {"AWS": [...]}}, or empty for identity policies
 * @param actions the actions, e.g. {@code s3:GetObject}
 * @param resources the resources, e.g. {@code arn:aws:s3:::bucket/users/${jwt:sub}/*}
 * @param conditions operator to (key to values), e.g. {@code StringLike -> s3:prefix -> [..]}
 * @since 0.1.0
 */
public record PolicyStatement(
    String sid,
    Effect effect,
    Map<String, List<String>> principals,
    List<String> actions,
    List<String> resources,
    Map<String, Map<String, List<String>>> conditions) {

  /** Whether a statement allows or denies. */
  public enum Effect {
    /** {@code "Effect": "Allow"}. */
    ALLOW,
    /** {@code "Effect": "Deny"}. */
    DENY;

    /**
     * The JSON spelling.
     *
     * @return {@code Allow} or {@code Deny}
     */
    public String json() {
      return this == ALLOW ? "Allow" : "Deny";
    }
  }

  /** Checks and copies the parts. */
  public PolicyStatement {
    if (effect == null) {
      throw new InvalidRequestException("effect", "a statement needs Allow or Deny");
    }
    if (actions == null || actions.isEmpty()) {
      throw new InvalidRequestException("actions", "a statement needs at least one action");
    }
    if (resources == null || resources.isEmpty()) {
      throw new InvalidRequestException("resources", "a statement needs at least one resource");
    }
    for (String a : actions) {
      if (a == null || !(a.equals("*") || a.matches("[a-zA-Z0-9-]+:[A-Za-z0-9*?]+"))) {
        throw new InvalidRequestException("actions", "not an action like s3:GetObject: " + a);
      }
    }
    for (String r : resources) {
      if (r == null || !(r.equals("*") || r.startsWith("arn:"))) {
        throw new InvalidRequestException("resources", "not an ARN: " + r);
      }
    }
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    principals = principals == null ? Map.of() : copyMapOfLists(principals);
    Map<String, Map<String, List<String>>> c = new LinkedHashMap<>();
    if (conditions != null) {
      conditions.forEach((op, kv) -> c.put(op, copyMapOfLists(kv)));
    }
    conditions = java.util.Collections.unmodifiableMap(c);
  }

  private static Map<String, List<String>> copyMapOfLists(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * A builder for an Allow statement.
   *
   * @return the builder
   */
  public static Builder allow() {
    return new Builder(Effect.ALLOW);
  }

  /**
   * A builder for a Deny statement.
   *
   * @return the builder
   */
  public static Builder deny() {
    return new Builder(Effect.DENY);
  }

  /**
   * Builds a {@link PolicyStatement}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Effect effect;
    private String sid;
    private final Map<String, List<String>> principals = new LinkedHashMap<>();
    private final List<String> actions = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();
    private final Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();

    private Builder(Effect effect) {
      this.effect = effect;
    }

    /**
     * The statement id.
     *
     * @param sid letters and digits
     * @return this builder
     */
    public Builder sid(String sid) {
      if (sid != null && !sid.matches("[A-Za-z0-9]*")) {
        throw new InvalidRequestException("sid", "only letters and digits are allowed: " + sid);
      }
      this.sid = sid;
      return this;
    }

    /**
     * Adds actions.
     *
     * @param actions e.g. {@code s3:GetObject}
     * @return this builder
     */
    public Builder actions(String... actions) {
      this.actions.addAll(List.of(actions));
      return this;
    }

    /**
     * Adds actions.
     *
     * @param actions e.g. {@code s3:GetObject}
     * @return this builder
     */
    public Builder actions(Collection<String> actions) {
      this.actions.addAll(actions);
      return this;
    }

    /**
     * Adds resources (ARNs).
     *
     * @param resources e.g. {@code arn:aws:s3:::bucket/*}
     * @return this builder
     */
    public Builder resources(String... resources) {
      this.resources.addAll(List.of(resources));
      return this;
    }

    /**
     * Adds object resources of a bucket: {@code arn:aws:s3:::<bucket>/<pattern>}.
     *
     * @param bucket the bucket
     * @param keyPatterns key patterns, e.g. {@code users/${jwt:sub}/*}
     * @return this builder
     */
    public Builder objects(String bucket, String... keyPatterns) {
      for (String k : keyPatterns) {
        resources.add("arn:aws:s3:::" + bucket + "/" + k);
      }
      return this;
    }

    /**
     * Adds the bucket itself as a resource: {@code arn:aws:s3:::<bucket>}.
     *
     * @param bucket the bucket
     * @return this builder
     */
    public Builder bucket(String bucket) {
      resources.add("arn:aws:s3:::" + bucket);
      return this;
    }

    /**
     * Adds AWS principals (bucket policies): {@code "*"}, or user / role ARNs.
     *
     * @param arns the principals
     * @return this builder
     */
    public Builder principals(String... arns) {
      principals.computeIfAbsent("AWS", k -> new ArrayList<>()).addAll(List.of(arns));
      return this;
    }

    /**
     * Adds a condition, e.g. {@code condition("StringLike", "s3:prefix", "users/${jwt:sub}/*")}.
     *
     * @param operator the condition operator
     * @param key the condition key
     * @param values the values (any one matches)
     * @return this builder
     */
    public Builder condition(String operator, String key, String... values) {
      conditions.computeIfAbsent(operator, k -> new LinkedHashMap<>())
          .computeIfAbsent(key, k -> new ArrayList<>())
          .addAll(List.of(values));
      return this;
    }

    /**
     * Builds the statement.
     *
     * @return the statement
     * @throws InvalidRequestException naming a missing or bad part
     */
    public PolicyStatement build() {
      return new PolicyStatement(sid, effect, principals, actions, resources, conditions);
    }
  }
}

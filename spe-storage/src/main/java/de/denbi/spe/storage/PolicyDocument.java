package de.denbi.spe.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.json.SpeJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM policy document ({@code {"Version": "2012-10-17", "Statement": [...]}}), usable as a
 * MinIO canned policy, an STS session policy, a Ceph RGW role policy or an S3 bucket policy.
 * Build it from {@link PolicyStatement}s, or use the ready-made ones in {@link ProjectPolicies}.
 *
 * @param version the policy language version, {@code 2012-10-17}
 * @param statements the statements
 * @since 0.1.0
 */
public record PolicyDocument(String version, List<PolicyStatement> statements) {
  /** The current IAM policy language version. */
  public static final String VERSION = "2012-10-17";

  /** Checks and copies the statements. */
  public PolicyDocument {
    version = version == null ? VERSION : version;
    if (statements == null || statements.isEmpty()) {
      throw new InvalidRequestException("statements", "a policy needs at least one statement");
    }
    statements = List.copyOf(statements);
  }

  /**
   * A policy of these statements.
   *
   * @param statements the statements
   * @return the policy
   */
  public static PolicyDocument of(PolicyStatement... statements) {
    return new PolicyDocument(VERSION, List.of(statements));
  }

  /**
   * A policy of these statements.
   *
   * @param statements the statements
   * @return the policy
   */
  public static PolicyDocument of(List<PolicyStatement> statements) {
    return new PolicyDocument(VERSION, statements);
  }

  /**
   * This policy with the statements of another appended.
   *
   * @param other the other policy
   * @return a new policy
   */
  public PolicyDocument and(PolicyDocument other) {
    List<PolicyStatement> all = new ArrayList<>(statements);
    all.addAll(other.statements());
    return new PolicyDocument(version, all);
  }

  /**
   * The policy as a JSON tree.
   *
   * @return the tree
   */
  public ObjectNode toJsonNode() {
    ObjectMapper m = SpeJson.mapper();
    ObjectNode root = m.createObjectNode();
    root.put("Version", version);
    ArrayNode arr = root.putArray("Statement");
    for (PolicyStatement s : statements) {
      ObjectNode n = arr.addObject();
      if (s.sid() != null && !s.sid().isEmpty()) {
        n.put("Sid", s.sid());
      }
      n.put("Effect", s.effect().json());
      if (!s.principals().isEmpty()) {
        ObjectNode p = n.putObject("Principal");
        s.principals().forEach((k, v) -> strings(p.putArray(k), v));
      }
      strings(n.putArray("Action"), s.actions());
      strings(n.putArray("Resource"), s.resources());
      if (!s.conditions().isEmpty()) {
        ObjectNode c = n.putObject("Condition");
        s.conditions().forEach((op, kv) -> {
          ObjectNode o = c.putObject(op);
          kv.forEach((k, v) -> strings(o.putArray(k), v));
        });
      }
    }
    return root;
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  /**
   * The policy as compact JSON.
   *
   * @return the JSON text
   */
  public String toJson() {
    try {
      return SpeJson.mapper().writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a policy tree could not be written as JSON", e);
    }
  }

  /**
   * Reads a policy (as a store returns it: single values or arrays, {@code Principal} as
   * {@code "*"} or an object).
   *
   * @param json the JSON text
   * @return the policy
   * @throws InvalidRequestException if it is not a policy document
   */
  public static PolicyDocument parse(String json) {
    JsonNode root;
    try {
      root = SpeJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("policy", "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("policy", "not a JSON object");
    }
    JsonNode st = root.get("Statement");
    if (st == null) {
      throw new InvalidRequestException("policy.Statement", "missing");
    }
    List<PolicyStatement> out = new ArrayList<>();
    for (JsonNode s : st.isArray() ? st : List.of(st)) {
      String effect = s.path("Effect").asText("");
      PolicyStatement.Effect e = switch (effect) {
        case "Allow" -> PolicyStatement.Effect.ALLOW;
        case "Deny" -> PolicyStatement.Effect.DENY;
        default -> throw new InvalidRequestException("policy.Statement.Effect",
            "must be Allow or Deny, was '" + effect + "'");
      };
      Map<String, List<String>> principals = new LinkedHashMap<>();
      JsonNode p = s.get("Principal");
      if (p != null) {
        if (p.isTextual()) {
          principals.put("AWS", List.of(p.asText()));
        } else {
          for (Map.Entry<String, JsonNode> en : p.properties()) {
            principals.put(en.getKey(), list(en.getValue()));
          }
        }
      }
      Map<String, Map<String, List<String>>> cond = new LinkedHashMap<>();
      JsonNode c = s.get("Condition");
      if (c != null) {
        for (Map.Entry<String, JsonNode> op : c.properties()) {
          Map<String, List<String>> kv = new LinkedHashMap<>();
          for (Map.Entry<String, JsonNode> en : op.getValue().properties()) {
            kv.put(en.getKey(), list(en.getValue()));
          }
          cond.put(op.getKey(), kv);
        }
      }
      String sid = s.hasNonNull("Sid") ? s.get("Sid").asText() : null;
      out.add(new PolicyStatement(sid, e, principals, list(s.get("Action")),
          list(s.get("Resource")), cond));
    }
    return new PolicyDocument(root.path("Version").asText(VERSION), out);
  }

  private static List<String> list(JsonNode n) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (n.isArray()) {
      List<String> l = new ArrayList<>();
      n.forEach(x -> l.add(x.asText()));
      return l;
    }
    return List.of(n.asText());
  }
}

package de.denbi.spe.wes.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code workflow_type_versions} and {@code workflow_engine_versions} in every shape seen:
 * {@code {"X": {"<field>": ["1", "2"]}}} (the spec), {@code {"X": ["1", "2"]}},
 * {@code {"X": "1"}} (WES 1.0 engines) and {@code {"X": "1,2"}} (WESkit's comma-joined
 * versions).
 */
public abstract class VersionLists extends StdDeserializer<Map<String, List<String>>> {
  @Serial private static final long serialVersionUID = 1L;

  private final String field;

  private VersionLists(String field) {
    super(Map.class);
    this.field = field;
  }

  @Override
  public Map<String, List<String>> deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    JsonNode node = ctxt.readTree(p);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      return ctxt.reportInputMismatch(Map.class, "expected an object, got %s", node.getNodeType());
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    var it = node.properties().iterator();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        v = v.has(field) ? v.get(field) : v.get("versions");
      }
      out.put(e.getKey(), versions(v, e.getKey(), ctxt));
    }
    return out;
  }

  private List<String> versions(JsonNode v, String key, DeserializationContext ctxt)
      throws IOException {
    List<String> list = new ArrayList<>();
    if (v == null || v.isNull()) {
      return list;
    }
    if (v.isTextual() || v.isNumber()) {
      for (String s : v.asText().split(",")) {
        if (!s.isBlank()) {
          list.add(s.strip());
        }
      }
      return list;
    }
    if (v.isArray()) {
      for (JsonNode x : v) {
        if (x.isValueNode() && !x.isNull()) {
          list.add(x.asText());
        }
      }
      return list;
    }
    return ctxt.reportInputMismatch(
        List.class, "versions of '%s': expected a string or an array, got %s", key, v.getNodeType());
  }

  @Override
  public Map<String, List<String>> getNullValue(DeserializationContext ctxt) {
    return Map.of();
  }

  /** {@code workflow_type_versions}. */
  public static final class WorkflowTypes extends VersionLists {
    @Serial private static final long serialVersionUID = 1L;

    /** Creates the deserializer. */
    public WorkflowTypes() {
      super("workflow_type_version");
    }
  }

  /** {@code workflow_engine_versions}. */
  public static final class Engines extends VersionLists {
    @Serial private static final long serialVersionUID = 1L;

    /** Creates the deserializer. */
    public Engines() {
      super("workflow_engine_version");
    }
  }
}

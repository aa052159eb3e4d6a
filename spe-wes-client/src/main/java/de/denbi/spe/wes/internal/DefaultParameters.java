package de.denbi.spe.wes.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import de.denbi.spe.wes.DefaultWorkflowEngineParameter;
import java.io.IOException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code default_workflow_engine_parameters}: the spec's array of {@code {name, type,
 * default_value}}, or WESkit's object {@code {engine: {version: [params]}}} (or {@code {engine:
 * [params]}}), flattened with the engine and version recorded.
 */
public final class DefaultParameters extends StdDeserializer<List<DefaultWorkflowEngineParameter>> {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public DefaultParameters() {
    super(List.class);
  }

  @Override
  public List<DefaultWorkflowEngineParameter> deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    JsonNode node = ctxt.readTree(p);
    List<DefaultWorkflowEngineParameter> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      addAll(node, null, null, out, ctxt);
    } else if (node.isObject()) {
      var engines = node.properties().iterator();
      while (engines.hasNext()) {
        var engine = engines.next();
        JsonNode v = engine.getValue();
        if (v.isArray()) {
          addAll(v, engine.getKey(), null, out, ctxt);
        } else if (v.isObject()) {
          var versions = v.properties().iterator();
          while (versions.hasNext()) {
            var version = versions.next();
            addAll(version.getValue(), engine.getKey(), version.getKey(), out, ctxt);
          }
        }
      }
    } else {
      return ctxt.reportInputMismatch(
          List.class, "default_workflow_engine_parameters: expected an array, got %s", node.getNodeType());
    }
    return out;
  }

  private static void addAll(
      JsonNode array,
      String engine,
      String version,
      List<DefaultWorkflowEngineParameter> out,
      DeserializationContext ctxt)
      throws IOException {
    if (!array.isArray()) {
      ctxt.reportInputMismatch(
          List.class, "default_workflow_engine_parameters: expected an array, got %s", array.getNodeType());
      return;
    }
    for (JsonNode p : array) {
      if (!p.isObject()) {
        continue;
      }
      out.add(
          new DefaultWorkflowEngineParameter(
              text(p.get("name")), text(p.get("type")), text(p.get("default_value")), engine, version));
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
  }

  @Override
  public List<DefaultWorkflowEngineParameter> getNullValue(DeserializationContext ctxt) {
    return List.of();
  }
}

package de.denbi.spe.wes.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a string map as servers send it: a JSON object (non-string values as their JSON text,
 * nulls dropped), or a string holding such an object (the multipart form value a server stored
 * as is). Anything else is an input mismatch.
 */
public final class LenientStringMap extends StdDeserializer<Map<String, String>> {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public LenientStringMap() {
    super(Map.class);
  }

  @Override
  public Map<String, String> deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    JsonNode node = LenientJson.unwrap(p, ctxt, ctxt.readTree(p));
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Map.of();
    }
    if (!node.isObject()) {
      return ctxt.reportInputMismatch(
          Map.class, "expected a JSON object of strings, got %s", node.getNodeType());
    }
    Map<String, String> out = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              if (v != null && !v.isNull()) {
                out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
              }
            });
    return out;
  }

  @Override
  public Map<String, String> getNullValue(DeserializationContext ctxt) {
    return Map.of();
  }
}

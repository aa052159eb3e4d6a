package de.denbi.spe.wes.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.io.Serial;

/**
 * Reads a JSON value that a server may also send as a string holding JSON (WES form fields such
 * as {@code workflow_params} stored as sent): such a string is parsed, other values are kept.
 */
public final class LenientJson extends StdDeserializer<JsonNode> {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the deserializer. */
  public LenientJson() {
    super(JsonNode.class);
  }

  @Override
  public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return unwrap(p, ctxt, ctxt.readTree(p));
  }

  /**
   * A string that holds a JSON object or array becomes that value; anything else is returned.
   *
   * @param p the parser (for its codec)
   * @param ctxt the context
   * @param node the value read
   * @return the unwrapped value
   * @throws IOException never for well-formed input
   */
  static JsonNode unwrap(JsonParser p, DeserializationContext ctxt, JsonNode node)
      throws IOException {
    if (node != null && node.isTextual()) {
      String s = node.asText().strip();
      if (s.startsWith("{") || s.startsWith("[")) {
        try {
          return p.getCodec().readTree(p.getCodec().getFactory().createParser(s));
        } catch (IOException notJson) {
          return node;
        }
      }
    }
    return node;
  }
}

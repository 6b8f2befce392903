package dev.rivet.kernel.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and rewrites the top-level fields of a JSON object token by token, copying everything below
 * them exactly as written (repeated keys included), which a tree of nodes would not.
 */
final class TopLevelFields {
  private TopLevelFields() {}

  /** The value of the top-level field {@code name}, or null when the object has none. */
  static JsonNode find(ObjectMapper mapper, String json, String name) throws IOException {
    try (JsonParser in = mapper.createParser(json)) {
      expectObject(in);
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        in.nextToken();
        if (field.equals(name)) {
          return mapper.readTree(in);
        }
        in.skipChildren();
      }
      return null;
    }
  }

  /** {@code json} with {@code name: value} as its first field. */
  static String prepend(ObjectMapper mapper, String name, int value, String json)
      throws IOException {
    return rewrite(mapper, json, null, Map.of(), Map.of(), name, value);
  }

  /**
   * {@code json} without the top-level field {@code drop}, top-level fields renamed, and the values
   * of fields in {@code converts} (by their new name) replaced by what their function returns.
   */
  static String rewrite(
      ObjectMapper mapper,
      String json,
      String drop,
      Map<String, String> renames,
      Map<String, UnaryOperator<JsonNode>> converts)
      throws IOException {
    return rewrite(mapper, json, drop, renames, converts, null, 0);
  }

  private static String rewrite(
      ObjectMapper mapper,
      String json,
      String drop,
      Map<String, String> renames,
      Map<String, UnaryOperator<JsonNode>> converts,
      String firstName,
      int firstValue)
      throws IOException {
    StringWriter text = new StringWriter();
    try (JsonParser in = mapper.createParser(json);
        JsonGenerator out = mapper.createGenerator(text)) {
      expectObject(in);
      out.writeStartObject();
      if (firstName != null) {
        out.writeNumberField(firstName, firstValue);
      }
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        in.nextToken();
        if (field.equals(drop)) {
          in.skipChildren();
          continue;
        }
        String name = renames.getOrDefault(field, field);
        out.writeFieldName(name);
        UnaryOperator<JsonNode> convert = converts.get(name);
        if (convert == null) {
          out.copyCurrentStructure(in);
        } else {
          mapper.writeTree(out, convert.apply(mapper.readTree(in)));
        }
      }
      out.writeEndObject();
    }
    return text.toString();
  }

  private static void expectObject(JsonParser in) throws IOException {
    if (in.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a JSON object");
    }
  }
}

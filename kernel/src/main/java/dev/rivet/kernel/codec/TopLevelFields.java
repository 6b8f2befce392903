package dev.rivet.kernel.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

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
    return rewrite(mapper, json, null, Map.of(), name, value);
  }

  /** {@code json} without the top-level field {@code drop}, and top-level fields renamed. */
  static String rewrite(ObjectMapper mapper, String json, String drop, Map<String, String> renames)
      throws IOException {
    return rewrite(mapper, json, drop, renames, null, 0);
  }

  private static String rewrite(
      ObjectMapper mapper,
      String json,
      String drop,
      Map<String, String> renames,
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
        out.writeFieldName(renames.getOrDefault(field, field));
        out.copyCurrentStructure(in);
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

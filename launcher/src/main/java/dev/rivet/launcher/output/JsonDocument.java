package dev.rivet.launcher.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * The frame of every {@code --output json} document (docs/json.md): one object per invocation that
 * opens with {@code "command"} (which names the shape) and {@code "schema_version"}, printed
 * pretty, then flushed.
 */
public final class JsonDocument {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonDocument() {}

  /**
   * A document of {@code command}'s shape at {@code schemaVersion}, which is bumped only when a
   * field is removed or changes meaning (new fields may appear in any version).
   */
  public static ObjectNode start(String command, int schemaVersion) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("command", command);
    root.put("schema_version", schemaVersion);
    return root;
  }

  public static void print(ObjectNode document, PrintWriter out) {
    try {
      out.println(MAPPER.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
    out.flush();
  }

  /** An instant as ISO-8601 text, or null. */
  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

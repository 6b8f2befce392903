package dev.rivet.launcher.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** Writes an audit's JSON document: pretty-printed, one document, fields in a fixed order. */
final class AuditJson {
  /** Bumped only when a field is removed or changes meaning; new fields may appear any time. */
  static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AuditJson() {}

  /** A document opened with {@code command} and {@code schema_version}. */
  static ObjectNode document(String command) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("command", command);
    root.put("schema_version", SCHEMA_VERSION);
    return root;
  }

  static void print(ObjectNode document, PrintWriter out) {
    try {
      out.println(MAPPER.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
    out.flush();
  }
}

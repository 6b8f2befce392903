package dev.rivet.launcher.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.launcher.output.JsonDocument;
import java.io.PrintWriter;

/** Writes an audit's JSON document: pretty-printed, one document, fields in a fixed order. */
final class AuditJson {
  /** Bumped only when a field is removed or changes meaning; new fields may appear any time. */
  static final int SCHEMA_VERSION = 1;

  private AuditJson() {}

  /** A document opened with {@code command} and {@code schema_version}. */
  static ObjectNode document(String command) {
    return JsonDocument.start(command, SCHEMA_VERSION);
  }

  static void print(ObjectNode document, PrintWriter out) {
    JsonDocument.print(document, out);
  }
}

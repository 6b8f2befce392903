package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.planner.quality.UniqueKeyStatus;
import java.io.PrintWriter;
import java.util.List;

/** {@code rivet check}'s lines and JSON about the keys a quality contract declares unique. */
final class UniqueKeyText {
  /** What {@code --count-duplicates} costs, said wherever it is offered or used. */
  static final String COUNT_COST = "one full scan of the source with a GROUP BY over the key";

  private UniqueKeyText() {}

  static void print(List<UniqueKeyStatus> keys, PrintWriter out) {
    if (keys.isEmpty()) {
      return;
    }
    out.println("  unique keys (quality.unique_columns):");
    for (UniqueKeyStatus key : keys) {
      StringBuilder line = new StringBuilder("    ").append(key.columns()).append(": ");
      if (key.indexed()) {
        line.append("guaranteed by unique index ").append(key.backingIndex());
      } else {
        line.append("NOT guaranteed by a primary key or unique index");
      }
      if (key.duplicateRows() != null) {
        line.append("; duplicates now: ")
            .append(key.duplicateKeys())
            .append(" key(s), ")
            .append(key.duplicateRows())
            .append(" extra row(s)");
      } else if (!key.indexed()) {
        line.append("; --count-duplicates counts them (").append(COUNT_COST).append(')');
      }
      out.println(line);
    }
  }

  static ArrayNode json(List<UniqueKeyStatus> keys) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (UniqueKeyStatus key : keys) {
      ObjectNode node = array.addObject();
      ArrayNode columns = node.putArray("columns");
      key.columns().forEach(columns::add);
      node.put("indexed", key.indexed());
      node.put("index", key.backingIndex());
      if (key.duplicateRows() == null) {
        node.putNull("duplicate_keys");
        node.putNull("duplicate_rows");
      } else {
        node.put("duplicate_keys", key.duplicateKeys());
        node.put("duplicate_rows", key.duplicateRows());
      }
    }
    return array;
  }
}

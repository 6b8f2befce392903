package dev.rivet.planner.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.planner.preflight.Access;
import dev.rivet.planner.preflight.ChunkExplain;

/**
 * Reads PostgreSQL's {@code EXPLAIN (FORMAT JSON)} output: the root node, and how the exported
 * table is scanned anywhere in the tree (the worst scan wins, e.g. a Seq Scan under a Gather).
 */
final class PostgresExplain {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PostgresExplain() {}

  /**
   * @param table the exported table's name; null to judge every table the plan scans (a query)
   */
  static ChunkExplain parse(String json, String table, Chunk chunk) {
    JsonNode root;
    try {
      root = JSON.readTree(json).path(0).path("Plan");
    } catch (JsonProcessingException e) {
      return ChunkExplain.unavailable(
          chunk.index(), chunk.describeRange(), "unreadable EXPLAIN output: " + e.getMessage());
    }
    if (root.isMissingNode()) {
      return ChunkExplain.unavailable(
          chunk.index(), chunk.describeRange(), "EXPLAIN output has no plan");
    }
    Scan scan = new Scan();
    scan.visit(root, table);
    return new ChunkExplain(
        chunk.index(),
        chunk.describeRange(),
        root.path("Node Type").asText(),
        scan.access,
        scan.index,
        root.path("Total Cost").isNumber() ? root.path("Total Cost").asDouble() : null,
        root.path("Plan Rows").isNumber() ? root.path("Plan Rows").asLong() : -1,
        null);
  }

  /** The worst access to the table found so far, and the index it uses. */
  private static final class Scan {
    Access access = Access.NONE;
    String index;

    void visit(JsonNode node, String table) {
      String type = node.path("Node Type").asText();
      String relation = node.path("Relation Name").asText(null);
      if (relation != null && (table == null || table.equals(relation))) {
        record(classify(type, node), indexOf(node));
      }
      for (JsonNode child : node.path("Plans")) {
        visit(child, table);
      }
    }

    private void record(Access found, String foundIndex) {
      Access worse = Access.worse(access, found);
      if (worse == found && (found != access || index == null)) {
        index = foundIndex;
      }
      access = worse;
    }

    private static Access classify(String type, JsonNode node) {
      switch (type) {
        case "Seq Scan":
          return Access.FULL_SCAN;
        case "Index Scan":
        case "Index Only Scan":
          return node.has("Index Cond") ? Access.INDEX_RANGE : Access.INDEX_FULL;
        case "Bitmap Heap Scan":
        case "Tid Scan":
        case "Tid Range Scan":
          return Access.INDEX_RANGE;
        default:
          return Access.UNKNOWN;
      }
    }

    /** The node's index, or for a Bitmap Heap Scan its Bitmap Index Scan's. */
    private static String indexOf(JsonNode node) {
      if (node.has("Index Name")) {
        return node.path("Index Name").asText();
      }
      for (JsonNode child : node.path("Plans")) {
        String index = indexOf(child);
        if (index != null) {
          return index;
        }
      }
      return null;
    }
  }
}

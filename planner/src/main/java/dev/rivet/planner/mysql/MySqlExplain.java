package dev.rivet.planner.mysql;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.planner.preflight.Access;
import dev.rivet.planner.preflight.ChunkExplain;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Reads classic {@code EXPLAIN} rows of MySQL or MariaDB: the exported table's row (or, for a
 * query, the row that reads the most), its access type, key and examined-rows estimate.
 */
final class MySqlExplain {
  private MySqlExplain() {}

  /**
   * @param table the exported table's name; null to take the worst row (a query)
   */
  static ChunkExplain read(ResultSet rs, String table, Chunk chunk) throws SQLException {
    ChunkExplain chosen = null;
    while (rs.next()) {
      String name = rs.getString("table");
      if (table != null && !table.equals(name)) {
        continue;
      }
      String type = rs.getString("type");
      long rows = rs.getLong("rows");
      if (rs.wasNull()) {
        rows = -1;
      }
      ChunkExplain row =
          new ChunkExplain(
              chunk.index(),
              chunk.describeRange(),
              type == null ? "none (" + rs.getString("Extra") + ")" : type,
              access(type),
              rs.getString("key"),
              null,
              rows,
              null);
      if (chosen == null || Access.worse(chosen.access(), row.access()) != chosen.access()) {
        chosen = row;
      }
    }
    if (chosen == null) {
      return ChunkExplain.unavailable(
          chunk.index(), chunk.describeRange(), "EXPLAIN shows no row for table " + table);
    }
    return chosen;
  }

  /** The access of a MySQL join type; null is a table the optimizer need not read at all. */
  static Access access(String type) {
    if (type == null) {
      return Access.NONE;
    }
    switch (type.toLowerCase(Locale.ROOT)) {
      case "all":
        return Access.FULL_SCAN;
      case "index":
        return Access.INDEX_FULL;
      case "range":
      case "ref":
      case "eq_ref":
      case "ref_or_null":
      case "const":
      case "system":
      case "index_merge":
      case "unique_subquery":
      case "index_subquery":
      case "fulltext":
        return Access.INDEX_RANGE;
      default:
        return Access.UNKNOWN;
    }
  }
}

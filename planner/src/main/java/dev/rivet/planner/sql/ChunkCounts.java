package dev.rivet.planner.sql;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.planner.dialect.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Renders the SQL that counts the source rows of one chunk: the same FROM target and the same key
 * predicate as {@link ChunkQueries#selectSql}, so the count covers exactly the rows the chunk read.
 * Boundary values are bound parameters.
 */
public final class ChunkCounts {
  private ChunkCounts() {}

  /** {@code SELECT count(*) FROM <relation> [WHERE key >= ? AND key < ?]}. */
  public static String countSql(Dialect dialect, ExportPlan plan, Chunk chunk) {
    String select = ChunkQueries.selectSql(dialect, plan, chunk);
    // The chunk's WHERE clause is what its select adds to the select of an unbounded chunk; taking
    // it from there keeps one rendering of the predicate, so a count and a read can never disagree.
    String unbounded = ChunkQueries.selectSql(dialect, plan, Chunk.whole());
    if (!select.startsWith(unbounded)) {
      throw new IllegalStateException(
          "chunk SQL does not extend the unbounded SQL: " + select + " / " + unbounded);
    }
    String where = select.substring(unbounded.length());
    return "SELECT count(*) FROM " + ChunkQueries.from(dialect, plan.export().relation()) + where;
  }

  /** Binds the chunk's boundaries, in the order {@link #countSql} placed them. */
  public static void bind(PreparedStatement statement, ExportPlan plan, Chunk chunk)
      throws SQLException {
    ChunkQueries.bind(statement, plan, chunk);
  }
}

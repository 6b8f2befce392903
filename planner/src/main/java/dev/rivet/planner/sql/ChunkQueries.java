package dev.rivet.planner.sql;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.split.KeyAxis;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * Renders the SQL that reads one chunk. Identifiers are quoted by the dialect; boundary values are
 * always bound parameters, never spliced into the text.
 */
public final class ChunkQueries {
  private ChunkQueries() {}

  /**
   * {@code SELECT <columns> FROM <relation> [WHERE key >= ? AND key < ?]}, each table column as
   * {@link Dialect#selectColumn} renders it.
   */
  public static String selectSql(Dialect dialect, ExportPlan plan, Chunk chunk) {
    StringBuilder sql = new StringBuilder("SELECT ");
    Relation relation = plan.export().relation();
    if (relation instanceof QueryText) {
      // A query may repeat a column name; only * selects every column of it unambiguously.
      sql.append("* FROM ").append(from(dialect, relation));
    } else {
      sql.append(
              plan.columns().stream().map(dialect::selectColumn).collect(Collectors.joining(", ")))
          .append(" FROM ")
          .append(from(dialect, relation));
    }
    SplitKey key = plan.splitKey();
    if (key != null && chunk.nullKeys()) {
      sql.append(" WHERE ").append(keyExpression(dialect, key)).append(" IS NULL");
    } else if (key != null && !chunk.isUnbounded()) {
      String column = keyExpression(dialect, key);
      sql.append(" WHERE ");
      if (chunk.lowerInclusive() != null) {
        sql.append(column).append(" >= ?");
      }
      if (chunk.upperExclusive() != null) {
        sql.append(chunk.lowerInclusive() != null ? " AND " : "").append(column).append(" < ?");
      }
    }
    return sql.toString();
  }

  /** Binds the chunk's boundaries, in the order {@link #selectSql} placed them. */
  public static void bind(PreparedStatement statement, ExportPlan plan, Chunk chunk)
      throws SQLException {
    SplitKey key = plan.splitKey();
    if (key == null) {
      return;
    }
    int index = 1;
    if (chunk.lowerInclusive() != null) {
      statement.setObject(index++, KeyAxis.parse(key.type(), chunk.lowerInclusive()));
    }
    if (chunk.upperExclusive() != null) {
      statement.setObject(index, KeyAxis.parse(key.type(), chunk.upperExclusive()));
    }
  }

  /** The quoted key column, or COALESCE of it and its fallback columns. */
  public static String keyExpression(Dialect dialect, SplitKey key) {
    if (key.fallback().isEmpty()) {
      return dialect.quote(key.column());
    }
    StringBuilder sql = new StringBuilder("COALESCE(").append(dialect.quote(key.column()));
    for (String column : key.fallback()) {
      sql.append(", ").append(dialect.quote(column));
    }
    return sql.append(')').toString();
  }

  /** The FROM target: a quoted table name, or the query as a derived table. */
  public static String from(Dialect dialect, Relation relation) {
    if (relation instanceof TableRef table) {
      return dialect.qualified(table);
    }
    return "(" + ((QueryText) relation).sql() + ") AS rivet_source";
  }
}

package dev.rivet.planner.sql;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.split.BlockRanges;
import dev.rivet.planner.split.KeyAxis;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the SQL that reads one chunk. Identifiers are quoted by the dialect; boundary values are
 * bound parameters, except for statements that take none (PostgreSQL's COPY), where they are typed
 * literals printed from the parsed boundary value, never from the plan's text. A block-range
 * chunk's condition is the dialect's, with the parsed block numbers as literals on every read path.
 */
public final class ChunkQueries {
  private ChunkQueries() {}

  /**
   * {@code SELECT <columns> FROM <relation> [WHERE key >= ? AND key < ?]}, each table column as
   * {@link Dialect#selectColumn} renders it, each overridden column (also of a query) as the
   * dialect's {@link dev.rivet.planner.dialect.OverrideCasts} casts it, then each composite
   * attribute in {@link SourceColumn#attributePaths} order.
   */
  public static String selectSql(Dialect dialect, ExportPlan plan, Chunk chunk) {
    return selectSql(dialect, plan, chunk, false);
  }

  /**
   * {@link #selectSql} with the boundaries as typed literals ({@code 42}, {@code DATE
   * '2024-01-31'}, {@code TIMESTAMP '2024-01-31T10:15'}, {@code TIMESTAMP WITH TIME ZONE
   * '2024-01-31T10:15Z'}), for statements that cannot take parameters. The literal text is
   * java.time's ISO form of the parsed value (digits, {@code -:.T+Z} only), so it cannot end the
   * quotes.
   *
   * @throws IllegalArgumentException when {@link #literalsPossible} is false for the chunk
   */
  public static String selectSqlWithLiterals(Dialect dialect, ExportPlan plan, Chunk chunk) {
    if (!literalsPossible(plan, chunk)) {
      throw new IllegalArgumentException(
          "chunk " + chunk.describeRange() + " has a boundary outside the years 1 to 9999");
    }
    return selectSql(dialect, plan, chunk, true);
  }

  /**
   * Whether the chunk's boundaries can be written as literals: integers always, dates and
   * timestamps in the years 1 to 9999 (which SQL's literals and ISO-8601 print alike); a keyset
   * chunk only when it has no bounds, so bounded keyset chunks are read through JDBC.
   */
  public static boolean literalsPossible(ExportPlan plan, Chunk chunk) {
    SplitKey key = plan.splitKey();
    if (key == null || key.type() == KeyType.INTEGER) {
      return true;
    }
    if (key.isKeyset()) {
      // Keyset bounds hold arbitrary text; they are only ever bound as parameters.
      return chunk.isUnbounded();
    }
    for (String boundary : new String[] {chunk.lowerInclusive(), chunk.upperExclusive()}) {
      if (boundary != null) {
        int year = year(KeyAxis.parse(key.type(), boundary));
        if (year < 1 || year > 9999) {
          return false;
        }
      }
    }
    return true;
  }

  private static int year(Object value) {
    if (value instanceof LocalDate date) {
      return date.getYear();
    }
    if (value instanceof LocalDateTime time) {
      return time.getYear();
    }
    return ((OffsetDateTime) value).getYear();
  }

  private static String literal(KeyType type, String boundary) {
    Object value = KeyAxis.parse(type, boundary);
    switch (type) {
      case INTEGER:
        return value.toString();
      case DATE:
        return "DATE '" + value + "'";
      case TIMESTAMP:
        return "TIMESTAMP '" + value + "'";
      case TIMESTAMPTZ:
        return "TIMESTAMP WITH TIME ZONE '" + value + "'";
      default:
        throw new IllegalStateException("unhandled key type " + type);
    }
  }

  private static String selectSql(Dialect dialect, ExportPlan plan, Chunk chunk, boolean literals) {
    StringBuilder sql = new StringBuilder("SELECT ");
    Relation relation = plan.export().relation();
    ColumnOverrides overrides = plan.export().columnOverrides();
    if (relation instanceof QueryText && overrides.none()) {
      // A query may repeat a column name; only * selects every column of it unambiguously.
      sql.append("*");
    } else {
      // With overrides, a query's columns are listed (their names are unique: the plan refuses
      // two columns of one name) so that the overridden ones can be cast.
      boolean table = relation instanceof TableRef;
      sql.append(
          plan.columns().stream()
              .map(
                  c ->
                      overrides
                          .of(c.name())
                          .map(o -> dialect.casts().select(c, o))
                          .orElseGet(
                              () -> table ? dialect.selectColumn(c) : dialect.quote(c.name())))
              .collect(Collectors.joining(", ")));
    }
    for (List<String> path : SourceColumn.attributePaths(plan.columns())) {
      sql.append(", ").append(attribute(dialect, path));
    }
    sql.append(" FROM ").append(from(dialect, relation));
    SplitKey key = plan.splitKey();
    if (plan.strategy() == Strategy.BLOCK_RANGE && !chunk.isUnbounded()) {
      sql.append(" WHERE ")
          .append(
              dialect.blockRangeCondition(
                  BlockRanges.block(chunk.lowerInclusive()),
                  BlockRanges.block(chunk.upperExclusive())));
    } else if (key != null && chunk.nullKeys()) {
      sql.append(" WHERE ").append(keyExpression(dialect, key)).append(" IS NULL");
    } else if (key != null && key.isKeyset() && !chunk.isUnbounded()) {
      sql.append(" WHERE ");
      if (chunk.lowerInclusive() != null) {
        sql.append(KeysetPredicate.of(dialect, key, true).sql());
      }
      if (chunk.upperExclusive() != null) {
        sql.append(chunk.lowerInclusive() != null ? " AND " : "")
            .append(KeysetPredicate.of(dialect, key, false).sql());
      }
    } else if (key != null && !chunk.isUnbounded()) {
      String column = keyExpression(dialect, key);
      sql.append(" WHERE ");
      if (chunk.lowerInclusive() != null) {
        sql.append(column)
            .append(" >= ")
            .append(literals ? literal(key.type(), chunk.lowerInclusive()) : "?");
      }
      if (chunk.upperExclusive() != null) {
        sql.append(chunk.lowerInclusive() != null ? " AND " : "")
            .append(column)
            .append(" < ")
            .append(literals ? literal(key.type(), chunk.upperExclusive()) : "?");
      }
    }
    return sql.toString();
  }

  /** Binds the chunk's boundaries, in the order {@link #selectSql} placed them. */
  public static void bind(PreparedStatement statement, ExportPlan plan, Chunk chunk)
      throws SQLException {
    bind(statement, plan.source(), plan.splitKey(), chunk);
  }

  private static void bind(
      PreparedStatement statement, SourceKind source, SplitKey key, Chunk chunk)
      throws SQLException {
    if (key == null) {
      return;
    }
    if (key.isKeyset()) {
      Dialect dialect = Dialect.of(source);
      int index = 1;
      if (chunk.lowerInclusive() != null) {
        index =
            KeysetPredicate.of(dialect, key, true)
                .bind(statement, index, key, KeyTuple.decode(chunk.lowerInclusive()));
      }
      if (chunk.upperExclusive() != null) {
        KeysetPredicate.of(dialect, key, false)
            .bind(statement, index, key, KeyTuple.decode(chunk.upperExclusive()));
      }
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
  /**
   * The field selection that reads one composite attribute, e.g. {@code (("home")."address")."n"}:
   * each attribute is read as a column of its own, by the driver's own decoding of its type.
   */
  static String attribute(Dialect dialect, List<String> path) {
    String expression = dialect.quote(path.get(0));
    for (String name : path.subList(1, path.size())) {
      expression = "(" + expression + ")." + dialect.quote(name);
    }
    return expression;
  }

  public static String from(Dialect dialect, Relation relation) {
    if (relation instanceof TableRef table) {
      return dialect.qualified(table);
    }
    return "(" + ((QueryText) relation).sql() + ") AS rivet_source";
  }
}

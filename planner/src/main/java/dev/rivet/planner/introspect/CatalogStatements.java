package dev.rivet.planner.introspect;

import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.model.KeyType;
import dev.rivet.planner.model.Relation;
import dev.rivet.planner.model.SourceColumn;
import dev.rivet.planner.model.SplitKey;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.sql.ChunkQueries;
import dev.rivet.planner.tuning.FreeConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** The catalog statements every dialect runs the same way, differing only in how keys are read. */
final class CatalogStatements {

  /** Reads one key value as an axis position, or null for SQL NULL. */
  interface KeyReader {
    Long read(ResultSet rs, int column) throws SQLException;
  }

  private CatalogStatements() {}

  static List<SourceColumn> columns(Connection connection, Dialect dialect, Relation relation) {
    String sql = "SELECT * FROM " + ChunkQueries.from(dialect, relation) + " WHERE 1 = 0";
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      List<SourceColumn> columns = new ArrayList<>(md.getColumnCount());
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(
            new SourceColumn(
                md.getColumnLabel(i),
                md.getColumnType(i),
                md.getColumnTypeName(i),
                md.getPrecision(i),
                md.getScale(i),
                md.isNullable(i) != ResultSetMetaData.columnNoNulls));
      }
      return columns;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the columns of " + relation.describe());
    }
  }

  /**
   * min and max of the key over the rows whose key is {@code >= fromAxis} and {@code < toAxis} (a
   * null bound is open), or empty when there is none.
   */
  static Optional<long[]> keyRange(
      Connection connection,
      Dialect dialect,
      Relation relation,
      SplitKey key,
      Long fromAxis,
      Long toAxis,
      KeyReader reader) {
    String expr = ChunkQueries.keyExpression(dialect, key);
    StringBuilder sql =
        new StringBuilder("SELECT min(")
            .append(expr)
            .append("), max(")
            .append(expr)
            .append(") FROM ")
            .append(ChunkQueries.from(dialect, relation));
    if (fromAxis != null) {
      sql.append(" WHERE ").append(expr).append(" >= ?");
    }
    if (toAxis != null) {
      sql.append(fromAxis == null ? " WHERE " : " AND ").append(expr).append(" < ?");
    }
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      int parameter = 1;
      if (fromAxis != null) {
        ps.setObject(parameter++, bound(key, fromAxis));
      }
      if (toAxis != null) {
        ps.setObject(parameter, bound(key, toAxis));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Long min = reader.read(rs, 1);
        Long max = reader.read(rs, 2);
        if (min == null || max == null) {
          return Optional.empty();
        }
        return Optional.of(new long[] {min, max});
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "reading the range of " + key.describe() + " of " + relation.describe());
    }
  }

  static OptionalLong keyAtOffset(
      Connection connection,
      Dialect dialect,
      Relation relation,
      SplitKey key,
      long fromAxis,
      long offset,
      KeyReader reader) {
    String expr = ChunkQueries.keyExpression(dialect, key);
    String sql =
        "SELECT "
            + expr
            + " FROM "
            + ChunkQueries.from(dialect, relation)
            + " WHERE "
            + expr
            + " >= ? ORDER BY "
            + expr
            + " LIMIT 1 OFFSET ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setObject(1, bound(key, fromAxis));
      ps.setLong(2, offset);
      return first(ps, reader);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "walking the index of " + key.describe() + " of " + relation.describe());
    }
  }

  /** The smallest key {@code > fromAxis}, or empty when there is none. */
  static OptionalLong keyAfter(
      Connection connection,
      Dialect dialect,
      Relation relation,
      SplitKey key,
      long fromAxis,
      KeyReader reader) {
    String expr = ChunkQueries.keyExpression(dialect, key);
    String sql =
        "SELECT min("
            + expr
            + ") FROM "
            + ChunkQueries.from(dialect, relation)
            + " WHERE "
            + expr
            + " > ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setObject(1, bound(key, fromAxis));
      return first(ps, reader);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "walking the index of " + key.describe() + " of " + relation.describe());
    }
  }

  private static OptionalLong first(PreparedStatement ps, KeyReader reader) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return OptionalLong.empty();
      }
      Long value = reader.read(rs, 1);
      return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }
  }

  private static Object bound(SplitKey key, long axis) {
    return KeyAxis.parse(key.type(), KeyAxis.format(key.type(), axis));
  }

  /**
   * Free connections are advice, so a refusal to read them (no privilege, a server without the
   * view) leaves them unknown; a lost connection still fails planning.
   */
  /**
   * The first usable key of a catalog query whose rows are (column name, source type, is primary
   * key), best first; empty when no row has a type chunks can be split on.
   */
  static Optional<KeyCandidate> firstKey(ResultSet rs, Function<String, Optional<KeyType>> keyType)
      throws SQLException {
    while (rs.next()) {
      Optional<KeyType> type = keyType.apply(rs.getString(2));
      if (type.isPresent()) {
        String source = rs.getBoolean(3) ? "primary key" : "unique non-null index";
        return Optional.of(new KeyCandidate(new SplitKey(rs.getString(1), type.get()), source));
      }
    }
    return Optional.empty();
  }

  static FreeConnections unknownUnlessTransient(SQLException e) {
    RivetException failure = SqlErrors.translate(e, "reading them failed");
    if (failure.kind() == FailureKind.SOURCE_TRANSIENT) {
      throw failure;
    }
    return FreeConnections.unknown(failure.getMessage());
  }
}

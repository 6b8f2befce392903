package dev.rivet.planner.introspect;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The statements that find key values by position or range, the same SQL for every dialect; only
 * how a key value is read back differs, which each catalog supplies.
 */
public final class KeyQueries {
  /** Reads one key value as an axis position, or null for SQL NULL. */
  public interface KeyReader {
    Long read(ResultSet rs, int column) throws SQLException;
  }

  private final Connection connection;
  private final Dialect dialect;
  private final Function<KeyType, KeyReader> readers;

  /**
   * @param readers for a key type, how to read such a key from a result column
   */
  public KeyQueries(Connection connection, Dialect dialect, Function<KeyType, KeyReader> readers) {
    this.connection = connection;
    this.dialect = dialect;
    this.readers = readers;
  }

  /**
   * min and max of the key over the rows whose key is {@code >= fromAxis} and {@code < toAxis} (a
   * null bound is open), or empty when there is none.
   */
  public Optional<long[]> keyRange(Relation relation, SplitKey key, Long fromAxis, Long toAxis) {
    KeyReader reader = readers.apply(key.type());
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

  public OptionalLong keyAtOffset(Relation relation, SplitKey key, long fromAxis, long offset) {
    KeyReader reader = readers.apply(key.type());
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
  public OptionalLong keyAfter(Relation relation, SplitKey key, long fromAxis) {
    KeyReader reader = readers.apply(key.type());
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
}

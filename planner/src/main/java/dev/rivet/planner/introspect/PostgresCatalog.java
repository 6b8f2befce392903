package dev.rivet.planner.introspect;

import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.model.KeyType;
import dev.rivet.planner.model.Relation;
import dev.rivet.planner.model.SourceColumn;
import dev.rivet.planner.model.SplitKey;
import dev.rivet.planner.model.TableRef;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.sql.ChunkQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what planning needs from PostgreSQL's catalog; never reads data rows. */
public final class PostgresCatalog {
  private static final String KEY_SQL =
      "SELECT a.attname, a.atttypid::regtype::text, i.indisprimary"
          + " FROM pg_index i"
          + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
          + " WHERE i.indrelid = ?::regclass AND i.indnkeyatts = 1 AND i.indisunique"
          + " AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attnotnull"
          + " ORDER BY i.indisprimary DESC, a.attnum";

  private final Connection connection;
  private final Dialect dialect;

  public PostgresCatalog(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  /** The result columns of the relation, from a query that matches no rows. */
  public List<SourceColumn> columns(Relation relation) {
    String sql = "SELECT * FROM " + ChunkQueries.from(dialect, relation) + " WHERE false";
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

  /** The best split key of a table: its primary key, else a unique non-null index. */
  public Optional<KeyCandidate> splitKey(TableRef table) {
    try (PreparedStatement ps = connection.prepareStatement(KEY_SQL)) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Optional<KeyType> type = keyType(rs.getString(2));
          if (type.isPresent()) {
            String source = rs.getBoolean(3) ? "primary key" : "unique non-null index";
            return Optional.of(new KeyCandidate(new SplitKey(rs.getString(1), type.get()), source));
          }
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the keys of " + table.describe());
    }
  }

  /** The planner statistics' row estimate, or -1 when the table was never analyzed. */
  public long estimatedRows(TableRef table) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass")) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the row estimate of " + table.describe());
    }
  }

  /** min and max of the key as axis positions, or empty for an empty table. */
  public Optional<long[]> keyRange(TableRef table, SplitKey key) {
    String column = dialect.quote(key.column());
    String sql = "SELECT min(" + column + "), max(" + column + ") FROM " + dialect.qualified(table);
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Object min = keyValue(rs, 1, key.type());
      Object max = keyValue(rs, 2, key.type());
      if (min == null || max == null) {
        return Optional.empty();
      }
      return Optional.of(
          new long[] {KeyAxis.toAxis(key.type(), min), KeyAxis.toAxis(key.type(), max)});
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the key range of " + table.describe());
    }
  }

  private static Object keyValue(ResultSet rs, int column, KeyType type) throws SQLException {
    if (type == KeyType.INTEGER) {
      // pgjdbc's getObject(i, Long.class) accepts only bigint; smallint and integer keys fail.
      long value = rs.getLong(column);
      return rs.wasNull() ? null : value;
    }
    return rs.getObject(column, KeyAxis.jdbcClass(type));
  }

  private static Optional<KeyType> keyType(String regtype) {
    switch (regtype) {
      case "smallint":
      case "integer":
      case "bigint":
        return Optional.of(KeyType.INTEGER);
      case "date":
        return Optional.of(KeyType.DATE);
      case "timestamp without time zone":
        return Optional.of(KeyType.TIMESTAMP);
      case "timestamp with time zone":
        return Optional.of(KeyType.TIMESTAMPTZ);
      default:
        return Optional.empty();
    }
  }
}

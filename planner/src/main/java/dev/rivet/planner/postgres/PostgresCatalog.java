package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.ColumnGrants;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.KeysetChoice;
import dev.rivet.planner.dialect.TableBlocks;
import dev.rivet.planner.dialect.TableSummary;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.CatalogStatements;
import dev.rivet.planner.introspect.KeyQueries;
import dev.rivet.planner.introspect.KeysetQueries;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.tuning.FreeConnections;
import dev.rivet.planner.tuning.SessionActivity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what planning needs from PostgreSQL's catalog; never reads whole data rows (the row width
 * samples value lengths only, see {@link PostgresRowWidth}).
 */
public final class PostgresCatalog implements Catalog {
  private static final String KEY_SQL =
      "SELECT a.attname, a.atttypid::regtype::text, i.indisprimary"
          + " FROM pg_index i"
          + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
          + " WHERE i.indrelid = ?::regclass AND i.indnkeyatts = 1 AND i.indisunique"
          + " AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attnotnull"
          + " ORDER BY i.indisprimary DESC, a.attnum";

  private static final String COLUMNS_WITHOUT_SELECT =
      "SELECT a.attname FROM pg_attribute a"
          + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
          + " AND NOT has_column_privilege(a.attrelid, a.attnum, 'SELECT')"
          + " ORDER BY a.attnum";
  private static final String COLUMN_COUNT =
      "SELECT count(*) FROM pg_attribute a"
          + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped";

  private final Connection connection;
  private final KeyQueries keys;
  private final KeysetQueries keysets;
  private final Dialect dialect;

  public PostgresCatalog(Connection connection, Dialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
    this.keys = new KeyQueries(connection, dialect, type -> (rs, i) -> keyValue(rs, i, type));
    this.keysets = new KeysetQueries(connection, dialect, type -> (rs, i) -> keyValue(rs, i, type));
  }

  @Override
  public KeysetChoice keysetKey(TableRef table) {
    return PostgresKeysets.find(connection, dialect, table);
  }

  @Override
  public Optional<KeyTuple> keysetAtOffset(
      Relation relation, SplitKey key, KeyTuple from, long offset) {
    return keysets.keyAtOffset(relation, key, from, offset);
  }

  @Override
  public List<SourceColumn> columns(Relation relation) {
    List<SourceColumn> columns =
        PostgresComposites.withAttributes(
            connection, CatalogStatements.columns(connection, dialect, relation));
    return relation instanceof TableRef table
        ? PostgresColumnDetails.add(connection, dialect, table, columns)
        : columns;
  }

  @Override
  public List<TableSummary> tables(String schema) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname, c.reltuples::bigint, pg_table_size(c.oid)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
                + " AND has_table_privilege(c.oid, 'SELECT')"
                + " AND (?::text IS NULL OR n.nspname = ?)"
                + " ORDER BY n.nspname, c.relname")) {
      ps.setString(1, schema);
      ps.setString(2, schema);
      List<TableSummary> tables = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long rows = rs.getLong(3);
          // reltuples is -1 (PostgreSQL 14+) or 0 for a table never vacuumed or analyzed.
          tables.add(
              new TableSummary(
                  new TableRef(rs.getString(1), rs.getString(2)),
                  rows < 0 ? -1 : rows,
                  rs.getLong(4)));
        }
      }
      return List.copyOf(tables);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "listing the tables" + (schema == null ? "" : " of schema " + schema));
    }
  }

  @Override
  public Optional<KeyCandidate> splitKey(TableRef table) {
    try (PreparedStatement ps = connection.prepareStatement(KEY_SQL)) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        return CatalogStatements.firstKey(rs, PostgresCatalog::keyType);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the keys of " + table.describe());
    }
  }

  /**
   * From {@code pg_relation_size} (the blocks now) and {@code reltuples / relpages} (rows per block
   * at the last ANALYZE or VACUUM). Only plain tables and materialized views on PostgreSQL 14 and
   * later: a partitioned table's partitions each number their blocks from 0, and older servers scan
   * the whole table for a ctid range.
   */
  @Override
  public TableBlocks blocks(TableRef table) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT current_setting('server_version_num')::int,"
                + " current_setting('server_version'), c.relkind::text, c.relpages, c.reltuples,"
                + " pg_relation_size(c.oid) / current_setting('block_size')::bigint"
                + " FROM pg_class c WHERE c.oid = ?::regclass")) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return TableBlocks.unavailable(table.describe() + " is not in the catalog");
        }
        return layout(
            rs.getInt(1),
            rs.getString(2),
            rs.getString(3),
            rs.getLong(4),
            rs.getDouble(5),
            rs.getLong(6));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the size in blocks of " + table.describe());
    }
  }

  /**
   * The layout of a relation of kind {@code relkind} on a server of {@code server_version_num}
   * {@code versionNum}, from its {@code relpages}, {@code reltuples} and size in blocks now.
   */
  static TableBlocks layout(
      int versionNum, String version, String relkind, long pages, double tuples, long blocks) {
    if (versionNum < 140_000) {
      return TableBlocks.unavailable(
          "the server is PostgreSQL " + version + " (TID range scans need 14 or later)");
    }
    if (!relkind.equals("r") && !relkind.equals("m")) {
      return TableBlocks.unavailable(
          relkind.equals("p")
              ? "it is a partitioned table (each partition numbers its blocks from 0)"
              : "it has no blocks of its own (a view or foreign table)");
    }
    double rowsPerBlock = pages > 0 && tuples >= 0 ? tuples / pages : -1;
    return TableBlocks.of(blocks, rowsPerBlock);
  }

  /** {@code pg_class.reltuples}, or -1 when the table was never analyzed. */
  @Override
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

  /** The row width as {@link PostgresRowWidth} estimates it. */
  @Override
  public long averageRowBytes(TableRef table) {
    try {
      return PostgresRowWidth.estimate(connection, dialect, table);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the row width of " + table.describe());
    }
  }

  @Override
  public FreeConnections freeConnections() {
    return PostgresConnectionLimits.read(connection);
  }

  @Override
  public SessionActivity sessionActivity() {
    return PostgresSessionActivity.read(connection);
  }

  @Override
  public Optional<long[]> keyRange(Relation relation, SplitKey key, Long fromAxis, Long toAxis) {
    return keys.keyRange(relation, key, fromAxis, toAxis);
  }

  @Override
  public OptionalLong keyAtOffset(Relation relation, SplitKey key, long fromAxis, long offset) {
    return keys.keyAtOffset(relation, key, fromAxis, offset);
  }

  @Override
  public OptionalLong keyAfter(Relation relation, SplitKey key, long fromAxis) {
    return keys.keyAfter(relation, key, fromAxis);
  }

  @Override
  public Map<String, List<String>> uniqueIndexes(TableRef table) {
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT c.relname, a.attname FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN LATERAL unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, n)"
                + " ON true"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indisvalid"
                + " AND i.indpred IS NULL AND i.indexprs IS NULL"
                + " ORDER BY i.indisprimary DESC, c.relname, k.n")) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          indexes.computeIfAbsent(rs.getString(1), n -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the unique indexes of " + table.describe());
    }
    return indexes;
  }

  @Override
  public boolean isIndexed(TableRef table, String column) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = i.indkey[0]"
                + " WHERE i.indrelid = ?::regclass AND i.indisvalid AND i.indpred IS NULL"
                + " AND a.attname = ?")) {
      ps.setString(1, dialect.qualified(table));
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the indexes of " + table.describe());
    }
  }

  private static Long keyValue(ResultSet rs, int column, KeyType type) throws SQLException {
    if (type == KeyType.INTEGER) {
      // pgjdbc's getObject(i, Long.class) accepts only bigint; smallint and integer keys fail.
      long value = rs.getLong(column);
      return rs.wasNull() ? null : value;
    }
    Object value = rs.getObject(column, KeyAxis.jdbcClass(type));
    if (value == null) {
      return null;
    }
    try {
      return KeyAxis.toAxis(type, value);
    } catch (ArithmeticException e) {
      throw new ArithmeticException("holds infinity or a value too far from 1970 to split on");
    }
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

  /** From {@code has_column_privilege}; empty when the table cannot be looked up. */
  @Override
  public Optional<ColumnGrants> columnGrants(TableRef table) {
    String qualified = dialect.qualified(table);
    try {
      List<String> denied = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(COLUMNS_WITHOUT_SELECT)) {
        ps.setString(1, qualified);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            denied.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(COLUMN_COUNT)) {
        ps.setString(1, qualified);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return Optional.of(new ColumnGrants(denied, rs.getLong(1)));
        }
      }
    } catch (SQLException e) {
      return Optional.empty(); // e.g. no USAGE on the schema: the server's own message says so
    }
  }
}

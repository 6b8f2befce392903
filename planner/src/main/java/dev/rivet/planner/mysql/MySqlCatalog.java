package dev.rivet.planner.mysql;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.KeysetChoice;
import dev.rivet.planner.dialect.TableSummary;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.CatalogStatements;
import dev.rivet.planner.introspect.KeyQueries;
import dev.rivet.planner.introspect.KeysetQueries;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.tuning.FreeConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what planning needs from MySQL's or MariaDB's {@code information_schema}; never reads whole
 * data rows. A table without a schema is looked up in the connection's current database.
 */
public final class MySqlCatalog implements Catalog {
  // One-column unique indexes on NOT NULL columns; PRIMARY first, then in column order.
  private static final String KEY_SQL =
      "SELECT s.COLUMN_NAME, c.DATA_TYPE, s.INDEX_NAME = 'PRIMARY'"
          + " FROM information_schema.STATISTICS s"
          + " JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA"
          + " AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
          + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0"
          + " AND s.SEQ_IN_INDEX = 1 AND c.IS_NULLABLE = 'NO'"
          + " AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS o"
          + " WHERE o.TABLE_SCHEMA = s.TABLE_SCHEMA AND o.TABLE_NAME = s.TABLE_NAME"
          + " AND o.INDEX_NAME = s.INDEX_NAME AND o.SEQ_IN_INDEX > 1)"
          + " ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, c.ORDINAL_POSITION";
  private static final int UNKNOWN_SYSTEM_VARIABLE = 1193;

  private final Connection connection;
  private final KeyQueries keys;
  private final KeysetQueries keysets;
  private final MySqlDialect dialect;
  private final String currentDatabase;

  private MySqlCatalog(Connection connection, MySqlDialect dialect, String currentDatabase) {
    this.connection = connection;
    this.dialect = dialect;
    this.keys = new KeyQueries(connection, dialect, type -> (rs, i) -> keyValue(rs, i, type));
    this.keysets = new KeysetQueries(connection, dialect, type -> (rs, i) -> keyValue(rs, i, type));
    this.currentDatabase = currentDatabase;
  }

  @Override
  public KeysetChoice keysetKey(TableRef table) {
    return MySqlKeysets.find(connection, database(table), table.name());
  }

  @Override
  public Optional<KeyTuple> keysetAtOffset(
      Relation relation, SplitKey key, KeyTuple from, long offset) {
    return keysets.keyAtOffset(relation, key, from, offset);
  }

  /**
   * A catalog over {@code connection}, whose session it sets to UTC (so TIMESTAMP keys are planned
   * in the zone chunks read them in) and to fresh {@code information_schema} statistics.
   */
  public static MySqlCatalog open(Connection connection, MySqlDialect dialect) {
    try (Statement s = connection.createStatement()) {
      MySqlDialect.setSessionTimeZone(s);
      try {
        // MySQL 8 caches TABLE_ROWS for a day by default; MariaDB has no such cache or variable.
        s.execute("SET SESSION information_schema_stats_expiry = 0");
      } catch (SQLException e) {
        if (e.getErrorCode() != UNKNOWN_SYSTEM_VARIABLE) {
          throw e;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
        rs.next();
        return new MySqlCatalog(connection, dialect, rs.getString(1));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "preparing the planning session");
    }
  }

  /**
   * A table's columns in their catalog order, INVISIBLE ones included: {@code SELECT *} leaves out
   * MariaDB's and MySQL 8.0.23+'s invisible columns, so when {@code information_schema.COLUMNS}
   * lists more columns than {@code SELECT *} returns, they are selected by name. {@code SELECT *}
   * runs first either way: it fails without SELECT on every column, where the catalog would list
   * only the columns the user may read.
   */
  @Override
  public List<SourceColumn> columns(Relation relation) {
    List<SourceColumn> visible = CatalogStatements.columns(connection, dialect, relation);
    if (relation instanceof TableRef table) {
      List<String> names = columnNames(table);
      if (names.size() > visible.size()) {
        return CatalogStatements.columns(connection, dialect, relation, names);
      }
    }
    return visible;
  }

  private List<String> columnNames(TableRef table) {
    if (table.schema() == null && currentDatabase == null) {
      return List.of();
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      ps.setString(1, database(table));
      ps.setString(2, table.name());
      List<String> names = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the columns of " + table.describe());
    }
  }

  /**
   * Base tables of {@code schema}, or of the connection's database when it is null. MySQL lists
   * only what the user has some privilege on; {@code TABLE_ROWS} is InnoDB's estimate.
   */
  @Override
  public List<TableSummary> tables(String schema) {
    String database = schema != null ? schema : currentDatabase;
    if (database == null) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "no database to list tables from: the connection has none selected",
          "name the database in the URL (mysql://user@host:3306/database) or pass --schema");
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS, DATA_LENGTH"
                + " FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'"
                + " ORDER BY TABLE_NAME")) {
      ps.setString(1, database);
      List<TableSummary> tables = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long rows = rs.getLong(3);
          boolean noRows = rs.wasNull();
          long bytes = rs.getLong(4);
          boolean noBytes = rs.wasNull();
          tables.add(
              new TableSummary(
                  new TableRef(rs.getString(1), rs.getString(2)),
                  noRows ? -1 : rows,
                  noBytes ? -1 : bytes));
        }
      }
      return List.copyOf(tables);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "listing the tables of database " + database);
    }
  }

  @Override
  public Optional<KeyCandidate> splitKey(TableRef table) {
    try (PreparedStatement ps = connection.prepareStatement(KEY_SQL)) {
      ps.setString(1, database(table));
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        return CatalogStatements.firstKey(rs, MySqlCatalog::keyType);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the keys of " + table.describe());
    }
  }

  /** {@code information_schema.TABLES.TABLE_ROWS} (InnoDB's estimate), or -1 for views. */
  @Override
  public long estimatedRows(TableRef table) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      ps.setString(1, database(table));
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long rows = rs.getLong(1);
        return rs.wasNull() ? -1 : rows;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the row estimate of " + table.describe());
    }
  }

  /** {@code information_schema.TABLES.AVG_ROW_LENGTH} (data length over rows), or -1 for views. */
  @Override
  public long averageRowBytes(TableRef table) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT AVG_ROW_LENGTH FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      ps.setString(1, database(table));
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long bytes = rs.getLong(1);
        // InnoDB reports 0 until the table has statistics.
        return rs.wasNull() || bytes <= 0 ? -1 : bytes;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the row width of " + table.describe());
    }
  }

  @Override
  public FreeConnections freeConnections() {
    return MySqlConnectionLimits.read(connection);
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
    Map<String, Boolean> plain = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0"
                + " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
      ps.setString(1, database(table));
      ps.setString(2, table.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String index = rs.getString(1);
          String column = rs.getString(2);
          // A functional key part has no column: the index does not make its columns unique.
          plain.merge(index, column != null, Boolean::logicalAnd);
          indexes.computeIfAbsent(index, n -> new ArrayList<>()).add(column);
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the unique indexes of " + table.describe());
    }
    indexes.keySet().removeIf(index -> !plain.get(index));
    return indexes;
  }

  @Override
  public boolean isIndexed(TableRef table, String column) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? AND COLUMN_NAME = ? AND SEQ_IN_INDEX = 1")) {
      ps.setString(1, database(table));
      ps.setString(2, table.name());
      ps.setString(3, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the indexes of " + table.describe());
    }
  }

  private String database(TableRef table) {
    if (table.schema() != null) {
      return table.schema();
    }
    if (currentDatabase == null) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          table.describe() + " names no database and the connection has none selected",
          "write the table as database.table, or name the database in source.url"
              + " (mysql://user@host:3306/database) or source.database");
    }
    return currentDatabase;
  }

  /**
   * Reads a key from the server's text form: exact for unsigned BIGINT and, unlike the driver's
   * date conversions, loud about zero dates ({@code 0000-00-00}).
   */
  private static Long keyValue(ResultSet rs, int column, KeyType type) throws SQLException {
    String text = rs.getString(column);
    if (text == null) {
      return null;
    }
    try {
      switch (type) {
        case INTEGER:
          return Long.parseLong(text);
        case DATE:
          return KeyAxis.toAxis(type, LocalDate.parse(text));
        case TIMESTAMP:
          return KeyAxis.toAxis(type, LocalDateTime.parse(text.replace(' ', 'T')));
        default:
          throw new IllegalStateException("MySQL keys are never " + type);
      }
    } catch (NumberFormatException e) {
      throw new ArithmeticException(
          "holds " + text + ", above " + Long.MAX_VALUE + ", the largest key Rivet can split on");
    } catch (DateTimeParseException e) {
      throw new ArithmeticException("holds '" + text + "', a zero or invalid date");
    }
  }

  private static Optional<KeyType> keyType(String dataType) {
    switch (dataType.toLowerCase(Locale.ROOT)) {
      case "tinyint":
      case "smallint":
      case "mediumint":
      case "int":
      case "bigint":
        return Optional.of(KeyType.INTEGER);
      case "date":
        return Optional.of(KeyType.DATE);
      case "datetime":
      case "timestamp":
        // TIMESTAMP is read in the UTC session zone, so its boundaries are UTC local date-times.
        return Optional.of(KeyType.TIMESTAMP);
      default:
        return Optional.empty();
    }
  }
}

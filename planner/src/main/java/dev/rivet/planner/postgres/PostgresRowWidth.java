package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates the width of a table's rows as read: the largest of its size on disk (TOAST included)
 * over {@code reltuples}, the sum of {@code pg_stats.avg_width}, and the average uncompressed
 * length of its text and bytea values in its first {@value #SAMPLE_ROWS} rows. The catalog alone
 * counts a compressed value at its stored size (a 1 MB text of repeated words may take 20 KB on
 * disk); {@code octet_length} reports a value's uncompressed length from its TOAST header without
 * reading or decompressing the value, so the sample costs a few heap pages. The sample is advice,
 * run under a statement time limit of {@value #SAMPLE_MILLIS} ms: when it fails (that limit, a
 * row-level security policy that refuses or is slow), the catalog's estimate stands.
 */
final class PostgresRowWidth {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresRowWidth.class);

  static final int SAMPLE_ROWS = 1000;

  /** The sample never holds the source longer than this. */
  static final int SAMPLE_MILLIS = 100;

  private static final String CATALOG_SQL =
      "SELECT CASE WHEN c.reltuples > 0 THEN ceil(pg_table_size(c.oid) / c.reltuples)::bigint END,"
          + " (SELECT sum(s.avg_width) FROM pg_stats s"
          + "  WHERE s.schemaname = n.nspname AND s.tablename = c.relname),"
          + " CASE WHEN c.relkind IN ('r', 'p', 'm') THEN ARRAY(SELECT a.attname FROM pg_attribute a"
          + "  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + "  AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype,"
          + "  'bytea'::regtype) AND has_column_privilege(c.oid, a.attnum, 'SELECT')"
          + "  ORDER BY a.attnum) END"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.oid = ?::regclass";

  private PostgresRowWidth() {}

  /** Bytes per row, or -1 when neither the catalog nor a sample can tell. */
  static long estimate(Connection connection, Dialect dialect, TableRef table) throws SQLException {
    long width = -1;
    List<String> textColumns = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(CATALOG_SQL)) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        width = Math.max(known(rs, 1), known(rs, 2));
        Array names = rs.getArray(3);
        if (names != null) {
          for (Object name : (Object[]) names.getArray()) {
            textColumns.add((String) name);
          }
        }
      }
    }
    if (textColumns.isEmpty() || !connection.getAutoCommit()) {
      return width; // A caller's transaction is left alone.
    }
    connection.setAutoCommit(false);
    try (Statement limit = connection.createStatement()) {
      limit.execute("SET LOCAL statement_timeout = " + SAMPLE_MILLIS);
      return Math.max(width, sampledTextBytes(connection, dialect, table, textColumns));
    } catch (SQLException e) {
      LOG.debug("sampling the row width of {} failed: {}", table.describe(), e.getMessage());
      return width;
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }

  private static long sampledTextBytes(
      Connection connection, Dialect dialect, TableRef table, List<String> columns)
      throws SQLException {
    StringBuilder lengths = new StringBuilder();
    StringBuilder select = new StringBuilder();
    for (String column : columns) {
      String quoted = dialect.quote(column);
      lengths.append(lengths.length() == 0 ? "" : " + ");
      lengths.append("coalesce(octet_length(").append(quoted).append("), 0)");
      select.append(select.length() == 0 ? "" : ", ").append(quoted);
    }
    String sql =
        "SELECT ceil(avg("
            + lengths
            + "))::bigint FROM (SELECT "
            + select
            + " FROM "
            + dialect.qualified(table)
            + " LIMIT "
            + SAMPLE_ROWS
            + ") s";
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? known(rs, 1) : -1;
    }
  }

  private static long known(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? -1 : value;
  }
}

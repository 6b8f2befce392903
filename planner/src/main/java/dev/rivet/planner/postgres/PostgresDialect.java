package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.SourceAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/** PostgreSQL: double-quoted identifiers, a REPEATABLE READ read-only snapshot per chunk. */
public record PostgresDialect() implements Dialect {

  @Override
  public Properties driverProperties(int connectTimeoutSeconds) {
    Properties props = new Properties();
    props.setProperty("ApplicationName", "rivet");
    props.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
    props.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
    // Without keepalive a read whose peer vanished (link cut, host gone) waits forever; with it
    // the operating system ends the connection after its keepalive time and the chunk is retried.
    props.setProperty("tcpKeepAlive", "true");
    // pgjdbc cannot decode timetz 24:00:00 in binary; text form is exact for it. Arrays come in
    // text too: their binary form's lower bound (as in '[0:2]={1,2,3}') is dropped by pgjdbc,
    // while the text shows it, so a bound other than 1 is noticed (on_array_lower_bound).
    props.setProperty(
        "binaryTransferDisable",
        "TIMETZ,BYTEA_ARRAY,INT2_ARRAY,INT4_ARRAY,INT8_ARRAY,OID_ARRAY,FLOAT4_ARRAY,"
            + "FLOAT8_ARRAY,VARCHAR_ARRAY,TEXT_ARRAY");
    return props;
  }

  @Override
  public String jdbcUrl(String host, int port, String database) {
    return PostgresUrl.of(host, port, database);
  }

  @Override
  public SourceAddress address(String jdbcUrl) {
    return PostgresUrl.address(jdbcUrl);
  }

  @Override
  public String createIndexOnline(String name, TableRef table, String target, boolean expression) {
    return "CREATE INDEX CONCURRENTLY " + name + " ON " + qualified(table) + " " + target;
  }

  /** A btree index serves {@code ROW(a, b) >= ROW(?, ?)} as one index range. */
  @Override
  public boolean indexesRowValues() {
    return true;
  }

  /** Only {@code timestamptz} holds instants; {@code timestamp} is wall-clock time. */
  @Override
  public boolean holdsInstants(SourceColumn column, KeyType type) {
    return type == KeyType.TIMESTAMPTZ;
  }

  /** What {@code pg_export_snapshot()} returns, e.g. {@code 00000003-0000001B-1}. */
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+");

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRESQL;
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void prepareReadSession(Connection connection) throws SQLException {
    // pgjdbc streams rows only with autocommit off and a fetch size; otherwise it buffers all rows.
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try (Statement s = connection.createStatement()) {
      // Exact, standard text forms for the types read as text (interval as ISO-8601 durations).
      s.execute("SET LOCAL IntervalStyle = 'iso_8601'");
      s.execute("SET LOCAL extra_float_digits = 3");
      // Text forms that hold a timestamptz (ranges, composites) print it in the session's zone,
      // which pgjdbc takes from the exporting JVM: UTC makes them the same on every host.
      s.execute("SET LOCAL TimeZone = 'UTC'");
    }
  }

  @Override
  public String exportSnapshot(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      // Held idle for the whole run: the server's idle-in-transaction limit would end it.
      s.execute("SET idle_in_transaction_session_timeout = 0");
    }
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void importSnapshot(Connection connection, String snapshotId) throws SQLException {
    if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
      throw new IllegalArgumentException("not a PostgreSQL snapshot id: " + snapshotId);
    }
    try (Statement s = connection.createStatement()) {
      // SET TRANSACTION SNAPSHOT takes no parameters; the id is checked above to be hex and dashes.
      s.execute("SET TRANSACTION SNAPSHOT '" + snapshotId + "'");
    }
  }

  @Override
  public String analyzeStatement(TableRef table) {
    return "ANALYZE " + qualified(table);
  }

  @Override
  public Catalog catalog(Connection connection) {
    return new PostgresCatalog(connection, this);
  }
}

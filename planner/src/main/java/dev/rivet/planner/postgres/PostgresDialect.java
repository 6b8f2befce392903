package dev.rivet.planner.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.ClientKeyStoreFile;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.OverrideCasts;
import dev.rivet.planner.dialect.SourceAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.OptionalDouble;
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

  /**
   * A reader keeps its connection from one chunk to the next. pgjdbc would keep each chunk's
   * statement in its per-connection cache and, past five uses, answer a later chunk's describe from
   * a statement prepared on the server before a column was retyped ("cached plan must not change
   * result type" instead of drift). Without that cache every chunk's statement is parsed and
   * described afresh, as on a new connection; nothing is sent to the server for it, so a pooler in
   * between sees no statement of its own to track.
   */
  @Override
  public Properties chunkReadProperties() {
    Properties props = new Properties();
    props.setProperty("preparedStatementCacheQueries", "0");
    return props;
  }

  /** money is read as numeric where planning recorded its scale ({@link PostgresMoney}). */
  @Override
  public String selectColumn(SourceColumn column) {
    String name = quote(column.name());
    return PostgresMoney.readAsNumeric(column) ? name + "::numeric AS " + name : name;
  }

  /** money read as numeric is described as numeric. */
  @Override
  public SourceColumn selectedAs(SourceColumn column) {
    return PostgresMoney.readAsNumeric(column)
        ? new SourceColumn(
            column.name(),
            Types.NUMERIC,
            "numeric",
            column.precision(),
            column.scale(),
            column.nullable())
        : column;
  }

  @Override
  public String jdbcUrl(String host, int port, String database) {
    return PostgresUrl.of(host, port, database);
  }

  /**
   * pgjdbc's names: {@code sslmode} as written; a CA file is {@code sslrootcert}, and without one
   * the server is checked against the Java trust store ({@code DefaultJavaSSLFactory}, since
   * pgjdbc's own factory would read {@code ~/.postgresql/root.crt}); the client key store is a
   * {@code .p12} {@code sslkey} with {@code sslpassword}.
   */
  @Override
  public Properties tlsProperties(SourceTls tls, ClientKeyStoreFile clientKeys) {
    Properties props = new Properties();
    if (!tls.configured()) {
      return props;
    }
    props.setProperty("sslmode", tls.mode().wireName());
    if (tls.mode() == TlsMode.DISABLE) {
      return props;
    }
    if (tls.caFile() != null) {
      props.setProperty("sslrootcert", tls.caFile());
    } else if (tls.mode().verifiesServer()) {
      if (clientKeys != null) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "source.tls.client_cert_file with mode "
                + tls.mode().wireName()
                + " needs source.tls.ca_file on PostgreSQL (pgjdbc reads client certificates only"
                + " with its own CA file)",
            "set source.tls.ca_file to the PEM file of the CA that signed the server's"
                + " certificate"
                + (tls.declaredIn().isEmpty() ? "" : " in " + tls.declaredIn()));
      }
      props.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
    }
    if (clientKeys != null) {
      props.setProperty("sslkey", clientKeys.path().toString());
      props.setProperty("sslpassword", clientKeys.password());
    }
    return props;
  }

  @Override
  public String withEndpoint(String jdbcUrl, Endpoint local) {
    return PostgresUrl.withEndpoint(jdbcUrl, local);
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
  public OverrideCasts casts() {
    return new PostgresCasts(this);
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

  /**
   * {@code ctid >= '(a,0)'::tid AND ctid < '(b,0)'::tid}, which PostgreSQL 14 and later read with a
   * TID Range Scan of just those blocks.
   */
  @Override
  public String blockRangeCondition(Long lowerBlock, Long upperBlock) {
    if (lowerBlock == null && upperBlock == null) {
      throw new IllegalArgumentException("a block range needs at least one bound");
    }
    String lower = lowerBlock == null ? null : "ctid >= " + tid(lowerBlock);
    String upper = upperBlock == null ? null : "ctid < " + tid(upperBlock);
    if (lower == null) {
      return upper;
    }
    return upper == null ? lower : lower + " AND " + upper;
  }

  private static String tid(long block) {
    if (block < 0 || block > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("block number out of range: " + block);
    }
    return "'(" + block + ",0)'::tid";
  }

  // The replay timestamp is of the last replayed transaction: on an idle primary the lag grows
  // although the replica is caught up.
  private static final String REPLICA_LAG_SQL =
      "SELECT CASE WHEN pg_is_in_recovery()"
          + " THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END";

  @Override
  public OptionalDouble replicaLagSeconds(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(REPLICA_LAG_SQL)) {
      rs.next();
      double seconds = rs.getDouble(1);
      return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(Math.max(0, seconds));
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

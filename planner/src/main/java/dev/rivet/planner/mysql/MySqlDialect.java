package dev.rivet.planner.mysql;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.SourceAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;

/**
 * MySQL 8 and MariaDB 10.x, both read with MariaDB Connector/J: backtick-quoted identifiers, UTC
 * session time zone, and one {@code START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY} per
 * chunk.
 */
public record MySqlDialect() implements Dialect {
  private static final Set<String> SPATIAL_TYPES =
      Set.of(
          "GEOMETRY",
          "POINT",
          "LINESTRING",
          "POLYGON",
          "MULTIPOINT",
          "MULTILINESTRING",
          "MULTIPOLYGON",
          "GEOMETRYCOLLECTION",
          "GEOMCOLLECTION");

  /**
   * The URL to hand MariaDB Connector/J: {@code jdbc:mysql:} becomes {@code jdbc:mariadb:}, because
   * the driver accepts the MySQL scheme only with {@code permitMysqlScheme} and no other MySQL
   * driver is on the class path.
   */
  @Override
  public String driverUrl(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:mysql:")
        ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
        : jdbcUrl;
  }

  @Override
  public Properties driverProperties(int connectTimeoutSeconds) {
    Properties props = new Properties();
    props.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds * 1000));
    // The driver's default too; set so that a read whose peer vanished cannot wait forever.
    props.setProperty("tcpKeepAlive", "true");
    // Shown in performance_schema.session_connect_attrs, so DBAs can tell Rivet's sessions.
    props.setProperty("connectionAttributes", "program_name:rivet");
    return props;
  }

  @Override
  public String jdbcUrl(String host, int port, String database) {
    return MySqlUrl.of(host, port, database);
  }

  @Override
  public SourceAddress address(String jdbcUrl) {
    return MySqlUrl.address(jdbcUrl);
  }

  @Override
  public String createIndexOnline(String name, TableRef table, String target, boolean expression) {
    return "CREATE INDEX "
        + name
        + " ON "
        + qualified(table)
        + " "
        + target
        + " ALGORITHM=INPLACE LOCK=NONE"
        + (expression
            ? " (MySQL 8.0.13+; on MariaDB index a generated column of that expression)"
            : "");
  }

  /**
   * {@code TIMESTAMP} holds instants: Rivet reads it in a UTC session, so its wall-clock text is
   * the UTC instant. {@code DATETIME} is wall-clock time.
   */
  @Override
  public boolean holdsInstants(SourceColumn column, KeyType type) {
    return type == KeyType.TIMESTAMPTZ
        || (type == KeyType.TIMESTAMP && column.typeName().equalsIgnoreCase("timestamp"));
  }

  @Override
  public SourceKind kind() {
    return SourceKind.MYSQL;
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** Spatial columns are read as standard WKB; the server's own form prefixes an SRID. */
  @Override
  public String selectColumn(SourceColumn column) {
    String name = quote(column.name());
    if (SPATIAL_TYPES.contains(column.typeName().toUpperCase(Locale.ROOT))) {
      return "ST_AsBinary(" + name + ") AS " + name;
    }
    if (column.typeName().toUpperCase(Locale.ROOT).startsWith("FLOAT")) {
      // The text protocol rounds FLOAT to 6 significant digits; as DOUBLE it arrives exactly.
      return "CAST(" + name + " AS DOUBLE) AS " + name;
    }
    return name;
  }

  @Override
  public void prepareReadSession(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (Statement s = connection.createStatement()) {
      setSessionTimeZone(s);
      // A streaming read waits while the writer works; the default 60 s would drop the connection.
      s.execute("SET SESSION net_write_timeout = 600");
      s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    }
  }

  /**
   * UTC session time zone: TIMESTAMP values are stored in UTC and shown in the session's zone, so
   * UTC shows them as stored, without DST gaps or repeated hours.
   */
  public static void setSessionTimeZone(Statement statement) throws SQLException {
    statement.execute("SET SESSION time_zone = '+00:00'");
  }

  /** {@code Seconds_Behind_Source} (or {@code _Master}) of the replica status, where readable. */
  @Override
  public OptionalDouble replicaLagSeconds(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      Double lag = MySqlProbe.replication(s).lagSeconds();
      return lag == null ? OptionalDouble.empty() : OptionalDouble.of(lag);
    }
  }

  @Override
  public String analyzeStatement(TableRef table) {
    return "ANALYZE TABLE " + qualified(table);
  }

  @Override
  public Catalog catalog(Connection connection) {
    return MySqlCatalog.open(connection, this);
  }
}

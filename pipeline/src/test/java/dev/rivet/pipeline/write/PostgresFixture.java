package dev.rivet.pipeline.write;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The real test PostgreSQL, read the way the pipeline reads a chunk. */
public final class PostgresFixture {
  public static final int FETCH_SIZE = 100;

  private PostgresFixture() {}

  public static Connection connect() throws SQLException {
    return connect(new Properties());
  }

  /** A connection with extra driver properties, e.g. {@code prepareThreshold}. */
  public static Connection connect(Properties driverProperties) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(driverProperties);
    TestServer server = TestServers.postgres();
    properties.setProperty("user", server.user());
    properties.setProperty("password", server.password());
    return DriverManager.getConnection(server.url(), properties);
  }

  /** Runs DDL/DML in autocommit mode. */
  public static void execute(String... statements) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /**
   * A connection in the chunk-read session: autocommit off, REPEATABLE READ, read only, {@code
   * IntervalStyle = iso_8601}; statements need {@link #FETCH_SIZE} to stream.
   */
  public static Connection readSession() throws SQLException {
    return readSession(new Properties());
  }

  public static Connection readSession(Properties driverProperties) throws SQLException {
    Connection connection = connect(driverProperties);
    new PostgresDialect().prepareReadSession(connection);
    return connection;
  }

  /** The columns of a query as the planner captures them from the driver's metadata. */
  public static List<SourceColumn> columns(String query) throws SQLException {
    try (Connection connection = readSession();
        Statement statement = connection.createStatement()) {
      ResultSetMetaData md = statement.executeQuery(query + " LIMIT 0").getMetaData();
      List<SourceColumn> columns = new ArrayList<>();
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
      connection.rollback();
      return columns;
    }
  }

  public static ExportPlan plan(
      String table,
      List<SourceColumn> columns,
      Format format,
      Compression compression,
      InfinityPolicy policy,
      long rowGroupBytes) {
    ExportSpec spec =
        new ExportSpec(
            "types_test",
            new TableRef("public", table),
            new FullMode(),
            ReadSettings.of(SourceKind.POSTGRESQL.defaultChunkRows(), FETCH_SIZE, 1),
            ValuePolicies.of(policy),
            new OutputSettings(
                format, compression, Destination.parse("/unused"), rowGroupBytes, null),
            CheckSettings.DEFAULT);
    return new ExportPlan(
        "run-" + table,
        spec,
        SourceKind.POSTGRESQL,
        columns,
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        -1,
        Instant.parse("2024-01-01T00:00:00Z"),
        List.of());
  }
}

package dev.rivet.pipeline.mysql;

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
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.types.JdbcRow;
import dev.rivet.pipeline.write.ChunkFileWriter;
import dev.rivet.pipeline.write.ChunkFileWriters;
import dev.rivet.pipeline.write.FinishedFile;
import dev.rivet.planner.mysql.MySqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The real test MariaDB (or MySQL), in this package's own database, read the way the pipeline reads
 * a chunk: {@link MySqlDialect}'s read session, a streaming fetch size, one writer per file.
 */
final class MariaDbFixture {
  static final String DATABASE = "rivet_types_mysql_it";
  static final int FETCH_SIZE = 100;

  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private MariaDbFixture() {}

  /** A connection with the driver properties a chunk read has (the binary protocol). */
  static Connection connect() throws SQLException {
    MySqlDialect dialect = new MySqlDialect();
    Properties props = dialect.driverProperties(CONNECT_TIMEOUT_SECONDS);
    props.putAll(dialect.chunkReadProperties());
    return connect(props);
  }

  /** A connection with {@code properties} (plus the test server's user and password). */
  static Connection connect(Properties properties) throws SQLException {
    TestServer server = TestServers.mariaDb();
    Properties props = new Properties();
    props.putAll(properties);
    props.setProperty("user", server.user());
    if (server.password() != null) {
      props.setProperty("password", server.password());
    }
    return DriverManager.getConnection(server.url(), props);
  }

  /** Runs statements in one autocommit session, after {@code CREATE DATABASE IF NOT EXISTS}. */
  static void execute(String... statements) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
      statement.execute("USE " + DATABASE);
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** A connection in the chunk-read session of {@link MySqlDialect}. */
  static Connection readSession() throws SQLException {
    Connection connection = connect();
    new MySqlDialect().prepareReadSession(connection);
    return connection;
  }

  /** The columns of a query as the planner captures them from the driver's metadata. */
  static List<SourceColumn> columns(String query) throws SQLException {
    try (Connection connection = readSession();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query + " LIMIT 0")) {
      ResultSetMetaData md = rs.getMetaData();
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

  static ExportPlan plan(
      String table,
      List<SourceColumn> columns,
      Format format,
      Compression compression,
      ZeroDatePolicy onZeroDate) {
    ExportSpec spec =
        new ExportSpec(
            "mysql_types_test",
            new TableRef(DATABASE, table),
            new FullMode(),
            ReadSettings.of(SourceKind.POSTGRESQL.defaultChunkRows(), FETCH_SIZE, 1),
            new ValuePolicies(InfinityPolicy.FAIL, onZeroDate, null, null, null),
            new OutputSettings(
                format,
                compression,
                Destination.parse("/unused"),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT);
    return new ExportPlan(
        "run-" + table,
        spec,
        SourceKind.MYSQL,
        columns,
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        -1,
        Instant.parse("2024-01-01T00:00:00Z"),
        List.of());
  }

  /** Streams {@code query} into one file of the plan's format, as a chunk read does. */
  static FinishedFile export(ExportPlan plan, String query, Path file)
      throws SQLException, IOException {
    try (Connection connection = readSession();
        PreparedStatement statement = connection.prepareStatement(query)) {
      new MySqlDialect().configureStatement(statement, FETCH_SIZE);
      try (ResultSet rs = statement.executeQuery();
          ChunkFileWriter writer =
              ChunkFileWriters.open(plan, Files.newOutputStream(file), file.toString())) {
        while (rs.next()) {
          writer.writeRow(new JdbcRow(rs));
        }
        FinishedFile written = writer.finish();
        connection.rollback();
        return written;
      }
    }
  }
}

package dev.rivet.planner;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL the planner tests run against ({@link TestServers#postgres()}), and the
 * schema {@value #SCHEMA} their fixtures live in.
 */
public final class TestPostgres {
  public static final String SCHEMA = "rivet_planner_it";

  private TestPostgres() {}

  public static String url() {
    return server().url();
  }

  public static SourceConnection source() {
    TestServer server = server();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  public static Connection connect() throws SQLException {
    return server().connect();
  }

  private static TestServer server() {
    return TestServers.postgres();
  }

  /** Runs statements in autocommit, creating the shared schema first if it is missing. */
  public static void execute(String... statements) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      createSchema(statement);
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Drops the given tables of {@value #SCHEMA}, then the schema itself unless another test class
   * still has tables in it.
   */
  public static void dropTables(String... tables) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table);
      }
      try {
        statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " RESTRICT");
      } catch (SQLException stillInUse) {
        // 2BP01: another test class's tables are still there; the last one out drops it.
      }
    }
  }

  private static void createSchema(Statement statement) throws SQLException {
    try {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
    } catch (SQLException e) {
      // Two classes creating it at the same moment race on the catalog's unique index.
      if (!"23505".equals(e.getSQLState()) && !"42P06".equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}

package dev.rivet.launcher.e2e;

import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.SQLException;

/** The real PostgreSQL the tests run against: {@link TestServers#postgres()}, prepared. */
final class TestDatabase {
  static final TestServer SERVER = TestServers.postgres();
  static final String URL = SERVER.url();
  static final String USER = SERVER.user();
  static final String PASSWORD = SERVER.password();

  private TestDatabase() {}

  static Connection connect() throws SQLException {
    return SERVER.connect();
  }

  static void execute(String... statements) throws SQLException {
    SERVER.execute(statements);
  }

  static String queryString(String sql) throws SQLException {
    return SERVER.queryString(sql);
  }

  /** The YAML {@code source:} block pointing at this database. */
  static String sourceYaml() {
    return "source:\n"
        + "  url: "
        + URL
        + "\n"
        + "  user: "
        + USER
        + "\n"
        + (PASSWORD.isEmpty() ? "" : "  password_env: RIVET_TEST_PG_PASSWORD\n");
  }
}

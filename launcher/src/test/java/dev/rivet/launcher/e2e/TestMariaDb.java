package dev.rivet.launcher.e2e;

import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.SQLException;

/** The real MariaDB (or MySQL) the tests run against: {@link TestServers#mariaDb()}, prepared. */
final class TestMariaDb {
  static final TestServer SERVER = TestServers.mariaDb();
  static final String URL = SERVER.url();
  static final String USER = SERVER.user();
  static final String PASSWORD = SERVER.password();

  private TestMariaDb() {}

  static Connection connect() throws SQLException {
    return SERVER.connect();
  }

  static void execute(String... statements) throws SQLException {
    SERVER.execute(statements);
  }

  /** The YAML {@code source:} block pointing at this server. */
  static String sourceYaml() {
    return "source:\n  url: "
        + URL
        + "\n  user: "
        + USER
        + "\n"
        + (PASSWORD.isEmpty() ? "" : "  password_env: RIVET_TEST_MYSQL_PASSWORD\n");
  }
}

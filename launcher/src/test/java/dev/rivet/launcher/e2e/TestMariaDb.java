package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real MariaDB (or MySQL) the tests run against, from RIVET_TEST_MYSQL_* with local defaults.
 */
final class TestMariaDb {
  static final String URL = env("RIVET_TEST_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test");
  static final String USER = env("RIVET_TEST_MYSQL_USER", "root");
  static final String PASSWORD = env("RIVET_TEST_MYSQL_PASSWORD", "");

  private TestMariaDb() {}

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, USER, PASSWORD);
  }

  static void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
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

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

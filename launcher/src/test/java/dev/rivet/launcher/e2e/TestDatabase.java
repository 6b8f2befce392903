package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The real PostgreSQL the tests run against, from RIVET_TEST_PG_* with local defaults. */
final class TestDatabase {
  static final String URL = env("RIVET_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = env("RIVET_TEST_PG_USER", "postgres");
  static final String PASSWORD = env("RIVET_TEST_PG_PASSWORD", "");

  private TestDatabase() {}

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

  static String queryString(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
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

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

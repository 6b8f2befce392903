package dev.rivet.planner;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;
import java.util.stream.LongStream;

/**
 * The real MariaDB (or MySQL) the planner tests run against ({@link TestServers#mariaDb()}), and
 * the database {@value #DATABASE} their fixtures live in.
 */
public final class TestMySql {
  public static final String DATABASE = "rivet_planner_mysql_it";

  /** A user that must give the password {@value #AUTH_PASSWORD}. */
  public static final String AUTH_USER = TestServers.AUTH_USER;

  public static final String AUTH_PASSWORD = TestServers.AUTH_PASSWORD;

  /** A user that may connect but read nothing. */
  public static final String NO_READ_USER = TestServers.NO_READ_USER;

  private TestMySql() {}

  public static String url() {
    return server().url();
  }

  /** {@link #url()} without its database, for users that may not use it. */
  public static String serverUrl() {
    return url().replaceFirst("^(jdbc:[a-z]+://[^/?]*)(/[^?]*)?", "$1/");
  }

  public static SourceConnection source() {
    TestServer server = server();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  public static String user() {
    return server().user();
  }

  public static Connection connect() throws SQLException {
    return server().connect();
  }

  private static TestServer server() {
    return TestServers.mariaDb();
  }

  /**
   * Runs statements in autocommit with zero dates allowed, creating {@value #DATABASE} first when
   * it is missing.
   */
  public static void execute(String... statements) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'");
      statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** {@code INSERT INTO table (column) VALUES ...} for each value, a few thousand per statement. */
  public static void insert(String table, String column, LongStream values) throws SQLException {
    long[] all = values.toArray();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (int from = 0; from < all.length; from += 5_000) {
        StringJoiner rows = new StringJoiner("),(", "(", ")");
        for (int i = from; i < Math.min(all.length, from + 5_000); i++) {
          rows.add(Long.toString(all[i]));
        }
        statement.execute(
            "INSERT INTO " + DATABASE + "." + table + " (" + column + ") VALUES " + rows);
      }
    }
  }

  /** The single value a query returns, as text. */
  public static String queryString(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Drops the given tables of {@value #DATABASE}, then the database itself unless another test
   * class still has tables in it.
   */
  public static void dropTables(String... tables) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.execute("DROP TABLE IF EXISTS " + DATABASE + "." + table);
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                  + DATABASE
                  + "'")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
      }
    }
  }
}

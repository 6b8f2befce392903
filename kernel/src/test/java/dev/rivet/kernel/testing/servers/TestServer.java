package dev.rivet.kernel.testing.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one real test database lives: a JDBC URL naming its database, and the administrator that
 * the tests connect as (the password is empty for trust or no-password logins).
 */
public record TestServer(String url, String user, String password) {
  /** {@code jdbc:<driver>://<authority>} / {@code <database>} {@code ?<parameters>}. */
  private static final Pattern URL = Pattern.compile("^(jdbc:[a-z]+://[^/?]*)/?([^?]*)(\\?.*)?$");

  public TestServer {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
    if (!URL.matcher(url).matches()) {
      throw new IllegalArgumentException(
          "not a JDBC URL of the form jdbc:<driver>://host:port/database: " + url);
    }
  }

  /** The database the URL names, empty when it names none. */
  public String database() {
    return part(2);
  }

  /** The same server and parameters with another database, empty for none. */
  public TestServer withDatabase(String database) {
    String parameters = part(3);
    return new TestServer(
        part(1) + "/" + database + (parameters == null ? "" : parameters), user, password);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** Runs statements in one autocommit session. */
  public void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first column of the first row a query returns, as text. */
  public String queryString(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The host and port, for messages. */
  public String address() {
    return part(1).replaceFirst("^jdbc:[a-z]+://", "");
  }

  private String part(int group) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException(url);
    }
    return group == 2 && m.group(2) == null ? "" : m.group(group);
  }
}

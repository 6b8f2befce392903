package dev.rivet.kernel.testing.servers;

import static dev.rivet.kernel.testing.servers.TestServers.AUTH_PASSWORD;
import static dev.rivet.kernel.testing.servers.TestServers.AUTH_USER;
import static dev.rivet.kernel.testing.servers.TestServers.NO_READ_USER;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a MariaDB (or MySQL) for the tests: its test database and the users {@value
 * TestServers#AUTH_USER} (logs in with a password) and {@value TestServers#NO_READ_USER} (may
 * connect, reads nothing). Idempotent, and safe when several test JVMs prepare the same server at
 * once.
 */
public final class MariaDbTestSetup {
  private static final String LOCK = "rivet_test_setup";
  private static final String[] HOSTS = {"%", "localhost"};

  private MariaDbTestSetup() {}

  /**
   * Prepares {@code server}.
   *
   * @throws SQLException when the server cannot be reached or the users cannot be created
   */
  public static void prepare(TestServer server) throws SQLException {
    try (Connection c = server.withDatabase("").connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT GET_LOCK('" + LOCK + "', 60)")) {
        rs.next();
        if (rs.getInt(1) != 1) {
          throw new SQLException("another test JVM held lock " + LOCK + " for 60 s");
        }
      }
      try {
        if (!server.database().isEmpty()) {
          s.execute("CREATE DATABASE IF NOT EXISTS " + quote(server.database()));
          revokeGrantsToEveryone(c, server.database());
        }
        dropAnonymousUsers(c);
        // 'localhost' as well as '%': a fresh install's anonymous ''@'localhost' would otherwise
        // take TCP logins from 127.0.0.1 (the more specific host wins).
        for (String host : HOSTS) {
          s.execute(
              "CREATE USER IF NOT EXISTS '"
                  + AUTH_USER
                  + "'@'"
                  + host
                  + "' IDENTIFIED BY '"
                  + AUTH_PASSWORD
                  + "'");
          s.execute("CREATE USER IF NOT EXISTS '" + NO_READ_USER + "'@'" + host + "'");
        }
      } finally {
        s.executeQuery("SELECT RELEASE_LOCK('" + LOCK + "')").close();
      }
    }
  }

  /**
   * A fresh MariaDB grants everything on database {@code test} to everyone (the role {@code PUBLIC}
   * from 10.11 on, anonymous users before), so {@value TestServers#NO_READ_USER} could read it;
   * revokes such grants on the test database, as {@code mariadb-secure-installation} does.
   */
  private static void revokeGrantsToEveryone(Connection c, String database) throws SQLException {
    List<String> revokes = new ArrayList<>();
    try (PreparedStatement grants =
        c.prepareStatement(
            "SELECT Host, Db, User FROM mysql.db WHERE User IN ('', 'PUBLIC') AND Db = ?")) {
      grants.setString(1, database);
      try (ResultSet rs = grants.executeQuery()) {
        while (rs.next()) {
          String grantee =
              "PUBLIC".equals(rs.getString(3))
                  ? "PUBLIC"
                  : "''@'" + rs.getString(1).replace("'", "''") + "'";
          revokes.add("REVOKE ALL PRIVILEGES ON " + quote(rs.getString(2)) + ".* FROM " + grantee);
        }
      }
    }
    try (Statement s = c.createStatement()) {
      for (String revoke : revokes) {
        s.execute(revoke);
      }
    }
  }

  /**
   * A fresh MariaDB has anonymous users ({@code ''@'localhost'}, {@code ''@'<host name>'}), which
   * take the logins from 127.0.0.1 of users that tests create at {@code '%'}; drops them, as {@code
   * mariadb-secure-installation} does.
   */
  private static void dropAnonymousUsers(Connection c) throws SQLException {
    List<String> drops = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = ''")) {
      while (rs.next()) {
        drops.add("DROP USER IF EXISTS ''@'" + rs.getString(1).replace("'", "''") + "'");
      }
    }
    try (Statement s = c.createStatement()) {
      for (String drop : drops) {
        s.execute(drop);
      }
    }
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}

package dev.rivet.kernel.testing.servers;

import static dev.rivet.kernel.testing.servers.TestServers.AUTH_PASSWORD;
import static dev.rivet.kernel.testing.servers.TestServers.AUTH_USER;
import static dev.rivet.kernel.testing.servers.TestServers.NO_READ_USER;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Prepares a PostgreSQL for the tests: its test database, the roles {@value TestServers#AUTH_USER}
 * (logs in with a password) and {@value TestServers#NO_READ_USER} (may connect, reads nothing), and
 * a pg_hba.conf rule that makes {@value TestServers#AUTH_USER} give its password. Idempotent, and
 * safe when several test JVMs prepare the same server at once.
 */
public final class PostgresTestSetup {
  /** The rule that makes the role give its password, from any address, over TCP. */
  static final String HBA_RULE = "host all " + AUTH_USER + " all scram-sha-256";

  /** pg_advisory_lock key serializing the preparation across JVMs ("rivet" in ASCII). */
  private static final long LOCK = 0x7269766574L;

  private static final long RELOAD_WAIT_MILLIS = 10_000;

  private PostgresTestSetup() {}

  /**
   * Prepares {@code server}.
   *
   * @return empty when {@value TestServers#AUTH_USER} must give its password, else what to do so
   *     that it must
   * @throws SQLException when the server cannot be reached or the roles cannot be created
   */
  public static Optional<String> prepare(TestServer server) throws SQLException {
    createDatabase(server);
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + LOCK + ")");
      try {
        createRoles(s, server);
        return requirePassword(s, server);
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
      }
    }
  }

  private static void createDatabase(TestServer server) throws SQLException {
    try (Connection ignored = server.connect()) {
      return;
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState())) { // invalid_catalog_name: the database is missing
        throw e;
      }
    }
    try (Connection c = server.withDatabase("postgres").connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + quote(server.database()));
    } catch (SQLException e) {
      // Another JVM created it first: duplicate_database, or the catalog's unique index.
      if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static void createRoles(Statement s, TestServer server) throws SQLException {
    s.execute("SET password_encryption = 'scram-sha-256'");
    if (!roleExists(s, AUTH_USER)) {
      s.execute("CREATE ROLE " + AUTH_USER + " LOGIN PASSWORD '" + AUTH_PASSWORD + "'");
    }
    if (!roleExists(s, NO_READ_USER)) {
      s.execute("CREATE ROLE " + NO_READ_USER + " LOGIN");
    }
    s.execute(
        "GRANT CONNECT ON DATABASE "
            + quote(server.database())
            + " TO "
            + AUTH_USER
            + ", "
            + NO_READ_USER);
  }

  private static boolean roleExists(Statement s, String role) throws SQLException {
    try (ResultSet rs =
        s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  private static Optional<String> requirePassword(Statement s, TestServer server)
      throws SQLException {
    if (!logsInWithAWrongPassword(server)) {
      return Optional.empty();
    }
    String hbaFile;
    try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
      rs.next();
      hbaFile = rs.getString(1);
    } catch (SQLException e) {
      return Optional.of(whatToDo(server, "its pg_hba.conf (SHOW hba_file)", e.getMessage()));
    }
    try {
      prependRule(s, hbaFile);
    } catch (SQLException e) {
      return Optional.of(whatToDo(server, hbaFile, "editing it failed: " + e.getMessage()));
    }
    long deadline = System.nanoTime() + RELOAD_WAIT_MILLIS * 1_000_000;
    while (logsInWithAWrongPassword(server)) {
      if (System.nanoTime() > deadline) {
        return Optional.of(
            whatToDo(server, hbaFile, "the rule was added but the server still lets it in"));
      }
      try {
        Thread.sleep(100); // the postmaster reloads pg_hba.conf asynchronously after the signal
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(whatToDo(server, hbaFile, "interrupted waiting for the reload"));
      }
    }
    return Optional.empty();
  }

  /**
   * Puts {@link #HBA_RULE} first in the server's pg_hba.conf (the first matching rule wins) and
   * reloads it; restores the file if the server reports the new rule as broken. Needs a superuser:
   * the server reads and writes the file itself ({@code pg_read_file}, {@code lo_export}).
   */
  private static void prependRule(Statement s, String hbaFile) throws SQLException {
    String old;
    try (PreparedStatement read = s.getConnection().prepareStatement("SELECT pg_read_file(?)")) {
      read.setString(1, hbaFile);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        old = rs.getString(1);
      }
    }
    write(
        s,
        hbaFile,
        "# Rivet's test suite: "
            + AUTH_USER
            + " must give its password.\n"
            + HBA_RULE
            + "\n"
            + old);
    s.execute("SELECT pg_reload_conf()");
    try (ResultSet rs =
        s.executeQuery(
            "SELECT string_agg(error, '; ') FROM pg_hba_file_rules WHERE error IS NOT NULL")) {
      rs.next();
      String errors = rs.getString(1);
      if (errors != null) {
        write(s, hbaFile, old);
        s.execute("SELECT pg_reload_conf()");
        throw new SQLException("the server rejected the edited file (" + errors + "); restored");
      }
    }
  }

  private static void write(Statement s, String file, String content) throws SQLException {
    Connection c = s.getConnection();
    c.setAutoCommit(false);
    try (PreparedStatement create =
            c.prepareStatement("SELECT lo_from_bytea(0, convert_to(?, 'UTF8'))");
        PreparedStatement export = c.prepareStatement("SELECT lo_export(?, ?), lo_unlink(?)")) {
      create.setString(1, content);
      long oid;
      try (ResultSet rs = create.executeQuery()) {
        rs.next();
        oid = rs.getLong(1);
      }
      export.setLong(1, oid);
      export.setString(2, file);
      export.setLong(3, oid);
      export.executeQuery().close();
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static boolean logsInWithAWrongPassword(TestServer server) throws SQLException {
    try (Connection ignored =
        DriverManager.getConnection(server.url(), AUTH_USER, "not-" + AUTH_PASSWORD)) {
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
        return false; // invalid_authorization_specification / invalid_password
      }
      throw e;
    }
  }

  private static String whatToDo(TestServer server, String hbaFile, String why) {
    return "PostgreSQL at "
        + server.address()
        + " lets role "
        + AUTH_USER
        + " log in without its password, and the tests could not change that ("
        + why
        + "). The wrong-password tests need it: add the line\n    "
        + HBA_RULE
        + "\nat the top of "
        + hbaFile
        + " and reload the server (SELECT pg_reload_conf()), or run the tests as a superuser"
        + " whose server can write that file.";
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}

package dev.rivet.planner.mysql;

import dev.rivet.planner.introspect.CatalogStatements;
import dev.rivet.planner.tuning.ConnectionLimit;
import dev.rivet.planner.tuning.FreeConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MySQL's or MariaDB's connection limits: the server's max_connections, and
 * max_user_connections, whose session value is the account's own limit when it has one.
 */
final class MySqlConnectionLimits {
  // PROCESSLIST shows a user without the PROCESS privilege only its own sessions, which are the
  // ones counted here. The user name is CURRENT_USER() up to its last '@'.
  private static final String USER_SESSIONS =
      "SELECT @@max_user_connections, CURRENT_USER(),"
          + " (SELECT count(*) FROM information_schema.PROCESSLIST"
          + " WHERE ID <> CONNECTION_ID() AND USER = SUBSTRING(CURRENT_USER(), 1,"
          + " CHAR_LENGTH(CURRENT_USER()) - LOCATE('@', REVERSE(CURRENT_USER()))))";

  private MySqlConnectionLimits() {}

  static FreeConnections read(Connection connection) {
    try (Statement s = connection.createStatement()) {
      long max;
      try (ResultSet rs = s.executeQuery("SELECT @@max_connections")) {
        rs.next();
        max = rs.getLong(1);
      }
      long connected;
      try (ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_connected'")) {
        if (!rs.next()) {
          return FreeConnections.unknown("the server does not report Threads_connected");
        }
        connected = Long.parseLong(rs.getString(2));
      }
      List<ConnectionLimit> limits = new ArrayList<>();
      // Threads_connected counts the planner's own session, which closes before chunks are read.
      limits.add(new ConnectionLimit("max_connections", max, Math.max(0, connected - 1)));
      try (ResultSet rs = s.executeQuery(USER_SESSIONS)) {
        rs.next();
        long perUser = rs.getLong(1);
        if (perUser > 0) {
          limits.add(
              new ConnectionLimit(
                  "max_user_connections of " + rs.getString(2), perUser, rs.getLong(3)));
        }
      }
      return FreeConnections.of(limits);
    } catch (SQLException e) {
      return CatalogStatements.unknownUnlessTransient(e);
    }
  }
}

package dev.rivet.kernel.testing.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Sessions of another application on a PostgreSQL test server, each inside a transaction between
 * two statements: what {@code tuning.yield_to_sessions} counts as working. Closing them rolls back
 * and disconnects.
 */
public final class BusySessions implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();

  private BusySessions() {}

  /** {@code count} sessions of {@code server}'s user named {@code applicationName}. */
  public static BusySessions open(TestServer server, int count, String applicationName)
      throws SQLException {
    BusySessions busy = new BusySessions();
    try {
      for (int i = 0; i < count; i++) {
        Properties props = new Properties();
        props.setProperty("user", server.user());
        if (server.password() != null) {
          props.setProperty("password", server.password());
        }
        props.setProperty("ApplicationName", applicationName);
        Connection c = DriverManager.getConnection(server.url(), props);
        busy.connections.add(c);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      }
    } catch (SQLException e) {
      busy.close();
      throw e;
    }
    return busy;
  }

  /** Whether every session is still connected. */
  public boolean stillOpen() throws SQLException {
    for (Connection c : connections) {
      if (c.isClosed()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws SQLException {
    for (Connection c : connections) {
      c.rollback();
      c.close();
    }
  }
}

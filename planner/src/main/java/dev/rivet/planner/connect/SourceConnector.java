package dev.rivet.planner.connect;

import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.model.SourceConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens source connections with bounded connect time and a recognisable application name; a
 * failure comes back as a classified {@link dev.rivet.planner.failure.RivetException}.
 */
public final class SourceConnector {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private SourceConnector() {}

  public static Connection open(SourceConnection source) {
    Properties props = new Properties();
    if (source.user() != null) {
      props.setProperty("user", source.user());
    }
    if (source.password() != null) {
      props.setProperty("password", source.password());
    }
    if (source.jdbcUrl().startsWith("jdbc:postgresql:")) {
      props.putIfAbsent("ApplicationName", "rivet");
      props.putIfAbsent("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
      props.putIfAbsent("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
      // pgjdbc cannot decode timetz 24:00:00 in binary; text form is exact for it.
      props.putIfAbsent("binaryTransferDisable", "TIMETZ");
    }
    try {
      return DriverManager.getConnection(source.jdbcUrl(), props);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "cannot connect to the source " + source.redactedUrl() + " as " + source.user());
    }
  }
}

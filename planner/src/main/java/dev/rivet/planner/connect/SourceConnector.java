package dev.rivet.planner.connect;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.dialect.MySqlDialect;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens source connections with bounded connect time and a recognisable application name; a failure
 * comes back as a classified {@link dev.rivet.kernel.failure.RivetException}. MySQL and MariaDB
 * URLs ({@code jdbc:mysql:} too) are opened with MariaDB Connector/J.
 */
public final class SourceConnector {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private SourceConnector() {}

  public static Connection open(SourceConnection source) {
    String url = source.jdbcUrl();
    Properties props = driverProperties(url);
    if (source.user() != null) {
      props.setProperty("user", source.user());
    }
    if (source.password() != null) {
      props.setProperty("password", source.password());
    }
    try {
      return DriverManager.getConnection(MySqlDialect.driverUrl(url), props);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "cannot connect to the source " + source.redactedUrl() + " as " + source.user());
    }
  }

  /** Rivet's defaults for the driver of {@code jdbcUrl}; parameters in the URL override them. */
  static Properties driverProperties(String jdbcUrl) {
    Properties props = new Properties();
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      props.setProperty("ApplicationName", "rivet");
      props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
      props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
      // pgjdbc cannot decode timetz 24:00:00 in binary; text form is exact for it.
      props.setProperty("binaryTransferDisable", "TIMETZ");
    } else if (MySqlDialect.accepts(jdbcUrl)) {
      props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
      // Shown in performance_schema.session_connect_attrs, so DBAs can tell Rivet's sessions.
      props.setProperty("connectionAttributes", "program_name:rivet");
    }
    return props;
  }
}

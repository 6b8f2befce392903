package dev.rivet.planner.connect;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens source connections with bounded connect time and a recognisable application name, as the
 * source family's {@link Dialect} sets them; a failure comes back as a classified {@link
 * RivetException}.
 */
public final class SourceConnector {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private SourceConnector() {}

  public static Connection open(SourceConnection source) {
    Dialect dialect;
    try {
      dialect = Dialect.of(source.kind());
    } catch (IllegalArgumentException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG, e.getMessage(), "set source.url to a supported database", e);
    }
    Properties props = dialect.driverProperties(CONNECT_TIMEOUT_SECONDS);
    if (source.user() != null) {
      props.setProperty("user", source.user());
    }
    if (source.password() != null) {
      props.setProperty("password", source.password());
    }
    try {
      return DriverManager.getConnection(dialect.driverUrl(source.jdbcUrl()), props);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e,
          "cannot connect to the source "
              + source.redactedUrl()
              + (source.user() == null ? "" : " as " + source.user()));
    }
  }
}

package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.run.Failures;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Logs in to the source as Rivet would, with its driver settings; the connection is kept for the
 * read checks.
 */
final class LoginCheck {
  static final String NAME = "source credentials";

  // pgjdbc's CONNECTION_REJECTED: among others, a password was asked for and none given.
  private static final String CONNECTION_REJECTED = "08004";

  /** The check's line, and the open connection when it passed (the caller closes it). */
  record Login(CheckResult check, Connection connection) {}

  private LoginCheck() {}

  static Login run(SourceConnection source) {
    Connection connection;
    try {
      connection = SourceConnector.open(source);
    } catch (RuntimeException e) {
      return new Login(failure(source, Failures.explain(e)), null);
    }
    String user = source.user() == null ? "the driver's default user" : source.user();
    String server;
    try {
      DatabaseMetaData meta = connection.getMetaData();
      server = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
      if (source.driver() != null) {
        server +=
            " with " + meta.getDriverName() + " " + meta.getDriverVersion() + " (source.driver)";
      }
    } catch (SQLException e) {
      server = "the source";
    }
    return new Login(CheckResult.pass(NAME, "logged in as " + user + " to " + server), connection);
  }

  private static CheckResult failure(SourceConnection source, RivetException e) {
    SQLException sql = e.getCause() instanceof SQLException s ? s : null;
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    String message = e.getMessage().toLowerCase(Locale.ROOT);
    if (sql != null && SqlErrors.isCertificateRejected(sql)) {
      return CheckResult.fail(NAME, e.kind(), e.getMessage(), e.hint());
    }
    // Both drivers say "SSL" when the server offers no TLS or the handshake fails.
    if (state.startsWith("08") && message.contains("ssl")) {
      return CheckResult.fail(
          NAME,
          e.kind(),
          e.getMessage(),
          "TLS failed: enable TLS on the server, trust its certificate (source.tls.ca_file), or"
              + " change source.tls.mode");
    }
    if (source.password() == null
        && state.equals(CONNECTION_REJECTED)
        && message.contains("password")) {
      return CheckResult.fail(
          NAME,
          FailureKind.SOURCE_PERMANENT,
          e.getMessage(),
          "the server wants a password and the config gives none: set source.password_env or"
              + " source.password_file");
    }
    return CheckResult.fail(NAME, e);
  }
}

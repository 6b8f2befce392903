package dev.rivet.planner.failure;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * The one place SQL errors are classified into {@link FailureKind}s and turned into messages with a
 * hint. Classification is by SQLSTATE (PostgreSQL and the SQL standard); vendor codes join later.
 */
public final class SqlErrors {
  private SqlErrors() {}

  /** Whether retrying the same statement may succeed. */
  public static FailureKind classify(SQLException e) {
    String state = sqlState(e);
    if (e instanceof SQLTransientException) {
      return FailureKind.SOURCE_TRANSIENT;
    }
    if (state.startsWith("08")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("53300")
        || state.equals("57P01")
        || state.equals("57P03")
        || state.equals("57014")) {
      return FailureKind.SOURCE_TRANSIENT;
    }
    if (state.startsWith("42") || state.startsWith("22")) {
      return FailureKind.USER_CONFIG;
    }
    return FailureKind.SOURCE_PERMANENT;
  }

  /**
   * Wraps a source error in a {@link RivetException} with a cause line and a hint.
   *
   * @param doing what Rivet was doing, e.g. {@code "reading table public.orders"}
   */
  public static RivetException translate(SQLException e, String doing) {
    String state = sqlState(e);
    String detail = firstLine(e.getMessage());
    String hint;
    FailureKind kind = classify(e);
    if (state.startsWith("28")) {
      kind = FailureKind.SOURCE_PERMANENT;
      hint =
          "check source.user and the password (source.password_env or source.password_file);"
              + " the server rejected them";
    } else if (state.equals("3D000")) {
      hint = "check source.database (or the database in source.url); it does not exist on the server";
    } else if (state.startsWith("08")) {
      hint =
          "check source host and port, that the server is running and accepts TCP connections"
              + " from this machine";
    } else if (state.equals("42P01")) {
      hint = "check the table name and schema in the export (schema.table); it does not exist";
    } else if (state.equals("42703")) {
      hint = "check the column names in the export's query against the table";
    } else if (state.equals("42501")) {
      hint = "grant the source user SELECT on the table (GRANT SELECT ON ... TO ...)";
    } else if (state.startsWith("42")) {
      hint = "check the SQL of the export's query";
    } else if (kind == FailureKind.SOURCE_TRANSIENT) {
      hint = "the source failed transiently; run again (later: --resume re-reads only missing chunks)";
    } else {
      hint = "";
    }
    return new RivetException(
        kind, doing + ": " + detail + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]"), hint, e);
  }

  private static String sqlState(SQLException e) {
    for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
      if (cur.getSQLState() != null) {
        return cur.getSQLState();
      }
    }
    return "";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}

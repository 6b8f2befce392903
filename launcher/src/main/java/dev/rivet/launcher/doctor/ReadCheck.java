package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves the source user may read what an export reads: the catalog's column query ({@code SELECT *
 * ... WHERE 1 = 0}), which the server refuses without SELECT on the table and every column. On
 * PostgreSQL a refusal is explained with {@code has_column_privilege}: which columns lack SELECT.
 * Reads no rows.
 */
final class ReadCheck {
  static final String PREFIX = "read ";

  private static final String PERMISSION_DENIED = "42501";
  private static final String COLUMNS_WITHOUT_SELECT =
      "SELECT a.attname FROM pg_attribute a"
          + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
          + " AND NOT has_column_privilege(a.attrelid, a.attnum, 'SELECT')"
          + " ORDER BY a.attnum";
  private static final String COLUMN_COUNT =
      "SELECT count(*) FROM pg_attribute a"
          + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped";
  private static final int NAMES_SHOWN = 8;

  private ReadCheck() {}

  static CheckResult run(Connection connection, Dialect dialect, ExportSpec export) {
    String name = PREFIX + export.name();
    String what = export.relation().describe();
    try {
      List<SourceColumn> columns = dialect.catalog(connection).columns(export.relation());
      return CheckResult.pass(
          name,
          what
              + ": SELECT allowed ("
              + columns.size()
              + (columns.size() == 1 ? " column)" : " columns)"));
    } catch (RivetException e) {
      String why = e.getMessage();
      if (export.relation() instanceof TableRef table
          && dialect.kind() == SourceKind.POSTGRESQL
          && isPermissionDenied(e)) {
        why += deniedColumns(connection, dialect, table);
      }
      return CheckResult.fail(name, e.kind(), why, e.hint());
    }
  }

  private static boolean isPermissionDenied(RivetException e) {
    return e.getCause() instanceof SQLException sql && PERMISSION_DENIED.equals(sql.getSQLState());
  }

  /** "; no SELECT on columns a, b" on PostgreSQL, or "" when the catalog cannot tell. */
  private static String deniedColumns(Connection connection, Dialect dialect, TableRef table) {
    String qualified = dialect.qualified(table);
    try {
      List<String> denied = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(COLUMNS_WITHOUT_SELECT)) {
        ps.setString(1, qualified);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            denied.add(rs.getString(1));
          }
        }
      }
      if (denied.isEmpty()) {
        return "";
      }
      long total;
      try (PreparedStatement ps = connection.prepareStatement(COLUMN_COUNT)) {
        ps.setString(1, qualified);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      if (denied.size() == total) {
        return " (no SELECT on the table or any of its " + total + " columns)";
      }
      List<String> shown = denied.subList(0, Math.min(NAMES_SHOWN, denied.size()));
      return " (no SELECT on "
          + denied.size()
          + " of "
          + total
          + " columns: "
          + String.join(", ", shown)
          + (denied.size() > shown.size() ? ", ..." : "")
          + "; the export reads every column)";
    } catch (SQLException e) {
      return ""; // e.g. no USAGE on the schema: the server's message already says so
    }
  }
}

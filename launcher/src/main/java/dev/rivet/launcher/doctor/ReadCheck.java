package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.ColumnGrants;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Connection;
import java.util.List;

/**
 * Proves the source user may read what an export reads: the catalog's column query ({@code SELECT *
 * ... WHERE 1 = 0}), which the server refuses without SELECT on the table and every column. Where
 * the catalog tells column privileges apart (PostgreSQL), a refusal names the columns without
 * SELECT. Reads no rows.
 */
final class ReadCheck {
  static final String PREFIX = "read ";

  private static final int NAMES_SHOWN = 8;

  private ReadCheck() {}

  static CheckResult run(Connection connection, Dialect dialect, ExportSpec export) {
    String name = PREFIX + export.name();
    String what = export.relation().describe();
    Catalog catalog = null;
    try {
      catalog = dialect.catalog(connection);
      List<SourceColumn> columns = catalog.columns(export.relation());
      return CheckResult.pass(
          name,
          what
              + ": SELECT allowed ("
              + columns.size()
              + (columns.size() == 1 ? " column)" : " columns)"));
    } catch (RivetException e) {
      String why = e.getMessage();
      if (catalog != null
          && export.relation() instanceof TableRef table
          && e.kind() == FailureKind.SOURCE_PERMANENT) {
        why += catalog.columnGrants(table).map(ReadCheck::describe).orElse("");
      }
      return CheckResult.fail(name, e.kind(), why, e.hint());
    }
  }

  /** "; no SELECT on columns a, b", or "" when every column may be read. */
  private static String describe(ColumnGrants grants) {
    List<String> denied = grants.withoutSelect();
    if (denied.isEmpty()) {
      return "";
    }
    long total = grants.columns();
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
  }
}

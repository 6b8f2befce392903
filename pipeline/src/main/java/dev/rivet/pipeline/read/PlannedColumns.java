package dev.rivet.pipeline.read;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.planner.dialect.Dialect;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** The check that a chunk's statement returns the columns its run was planned with. */
final class PlannedColumns {
  private PlannedColumns() {}

  /**
   * A chunk reads exactly the planned columns: the same count, names and source types (names only
   * for columns a {@code columns:} override casts). A schema that changed under a running plan
   * fails the chunk (and with it the run) rather than write files of two schemas into one run. A
   * column the select list converts is compared as the dialect reads it ({@link
   * Dialect#selectedAs}).
   */
  static void check(ExportPlan plan, Dialect dialect, ResultSetMetaData md, String doing)
      throws SQLException {
    // Composite attributes follow the planned columns, each a column of its own.
    int actual = md.getColumnCount() - SourceColumn.attributePaths(plan.columns()).size();
    String problem = null;
    if (actual != plan.columns().size()) {
      problem =
          "the source now returns " + actual + " columns but the plan has " + plan.columns().size();
    } else {
      for (int i = 1; i <= actual && problem == null; i++) {
        SourceColumn planned = dialect.selectedAs(plan.columns().get(i - 1));
        // An overridden column arrives as its cast's type, which the dialect decides: only its
        // name is compared (a change of its source type shows in the next plan's schema).
        boolean cast = plan.export().columnOverrides().of(planned.name()).isPresent();
        if (!planned.name().equals(md.getColumnLabel(i))
            || (!cast
                && (planned.jdbcType() != md.getColumnType(i)
                    || !planned.typeName().equals(md.getColumnTypeName(i))))) {
          problem =
              "column "
                  + i
                  + " is now "
                  + md.getColumnLabel(i)
                  + " "
                  + md.getColumnTypeName(i)
                  + " but was planned as "
                  + planned.name()
                  + " "
                  + planned.typeName();
        }
      }
    }
    if (problem != null) {
      throw new RivetException(
          FailureKind.SCHEMA_DRIFT,
          doing
              + ": "
              + problem
              + "; the source schema changed since the run was planned, and"
              + " one run never publishes files of two schemas",
          "run 'rivet run' again: it abandons this run and plans a new one under the new schema"
              + " (on_schema_drift decides whether that run goes on)");
    }
  }
}

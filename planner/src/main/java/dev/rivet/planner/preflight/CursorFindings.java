package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import java.util.ArrayList;
import java.util.List;

/** Findings about an incremental cursor: rows it can never export, rows it can miss. */
final class CursorFindings {
  private CursorFindings() {}

  static List<Finding> of(Evidence evidence) {
    ExportPlan plan = evidence.plan();
    List<Finding> findings = new ArrayList<>();
    if (!(plan.export().mode() instanceof IncrementalMode mode) || plan.splitKey() == null) {
      return findings;
    }
    SplitKey key = plan.splitKey();
    if (nullable(plan, key)) {
      findings.add(
          new Finding(
              FindingCode.NULLABLE_CURSOR,
              Severity.WARN,
              "cursor " + key.describe() + " is nullable: rows where it is NULL are never exported",
              key.fallback().isEmpty()
                  ? "add cursor.fallback with a column set on every row (e.g. created_at), or make "
                      + key.column()
                      + " NOT NULL"
                  : "make " + key.column() + " or a fallback column NOT NULL"));
    }
    if (mode.lookback().none()) {
      findings.add(
          key.type() == KeyType.INTEGER
              ? new Finding(
                  FindingCode.CURSOR_NOT_MONOTONIC,
                  Severity.INFO,
                  "cursor "
                      + key.describe()
                      + " has no lookback: ids are taken when a row is inserted, not when it"
                      + " commits, so a transaction that commits after a run planned can leave a"
                      + " lower id behind the mark",
                  "if writes to this table can commit out of id order, set cursor.lookback to a"
                      + " number of ids (e.g. lookback: 1000) and deduplicate downstream")
              : new Finding(
                  FindingCode.CURSOR_NOT_MONOTONIC,
                  Severity.WARN,
                  "cursor "
                      + key.describe()
                      + " is a "
                      + (key.type() == KeyType.DATE ? "date" : "timestamp")
                      + " without lookback: its value is set when a row is written, not when it"
                      + " commits, so a row committed after a run planned and stamped at or below"
                      + " that run's mark is never exported",
                  "set cursor.lookback to more than your longest write transaction (e.g. lookback:"
                      + (key.type() == KeyType.DATE ? " 1 day" : " 5 minutes")
                      + ") and deduplicate downstream on the table's key"));
    }
    return findings;
  }

  /** Whether a row can have a NULL cursor: the column and every fallback are nullable. */
  private static boolean nullable(ExportPlan plan, SplitKey key) {
    List<String> names = new ArrayList<>();
    names.add(key.column());
    names.addAll(key.fallback());
    for (String name : names) {
      for (SourceColumn column : plan.columns()) {
        if (column.name().equals(name) && !column.nullable()) {
          return false;
        }
      }
    }
    return true;
  }
}

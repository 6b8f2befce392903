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
          Finding.of(FindingCode.NULLABLE_CURSOR, Severity.WARN)
              .with(FindingParam.KEY, key.describe())
              .with(FindingParam.COLUMN, key.column())
              .with(FindingParam.FALLBACK, key.fallback()));
    }
    if (mode.lookback().none()) {
      // A date or timestamp stamped at write can land behind the mark whenever a write commits
      // late; an id only when inserts commit out of id order, which the user must judge.
      findings.add(
          Finding.of(
                  FindingCode.CURSOR_NOT_MONOTONIC,
                  key.type() == KeyType.INTEGER ? Severity.INFO : Severity.WARN)
              .with(FindingParam.KEY, key.describe())
              .with(FindingParam.KEY_TYPE, key.type()));
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

package dev.rivet.planner.preflight;

import java.util.List;

/** Whether an export is safe to run against its source, from the worst of its findings. */
public enum Verdict {
  /** No finding above INFO. */
  SAFE,
  /** Runs, but a WARN finding says what to change to spare the source or keep every row. */
  DEGRADED,
  /** A CRITICAL finding: the export would hurt the source or cannot finish. */
  UNSAFE;

  /** SAFE without findings above INFO, DEGRADED with a WARN, UNSAFE with a CRITICAL. */
  public static Verdict of(List<Finding> findings) {
    Verdict verdict = SAFE;
    for (Finding finding : findings) {
      verdict = worse(verdict, of(finding.severity()));
    }
    return verdict;
  }

  /** The worse of two verdicts, e.g. of several exports. */
  public static Verdict worse(Verdict a, Verdict b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  private static Verdict of(Severity severity) {
    switch (severity) {
      case CRITICAL:
        return UNSAFE;
      case WARN:
        return DEGRADED;
      default:
        return SAFE;
    }
  }
}

package dev.rivet.planner.preflight;

/** How much a preflight finding matters; the worst one decides the export's {@link Verdict}. */
public enum Severity {
  /** Worth knowing; changes nothing. */
  INFO,
  /** The export runs, but costs the source more than needed or risks missing rows. */
  WARN,
  /** The export would hurt the source or cannot finish. */
  CRITICAL
}

package dev.rivet.launcher.audit;

import java.util.Locale;

/**
 * The overall outcome of {@code rivet validate} or {@code rivet reconcile}, and the process exit
 * code it maps to: 0 when everything matched, {@value #MISMATCH_EXIT_CODE} when anything differed.
 */
public enum AuditVerdict {
  MATCH(0),
  MISMATCH(AuditVerdict.MISMATCH_EXIT_CODE);

  /** The documented exit code of a validation or reconciliation that found a difference. */
  public static final int MISMATCH_EXIT_CODE = 8;

  private final int exitCode;

  AuditVerdict(int exitCode) {
    this.exitCode = exitCode;
  }

  public static AuditVerdict of(boolean matches) {
    return matches ? MATCH : MISMATCH;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The lower-case name used in JSON output. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.rivet.launcher.audit;

import dev.rivet.kernel.failure.ExitStatus;
import java.util.Locale;

/**
 * The overall outcome of {@code rivet validate} or {@code rivet reconcile}, and the process exit
 * code it maps to: {@link ExitStatus#SUCCESS} when everything matched, {@link ExitStatus#MISMATCH}
 * when anything differed.
 */
public enum AuditVerdict {
  MATCH(ExitStatus.SUCCESS),
  MISMATCH(ExitStatus.MISMATCH);

  private final int exitCode;

  AuditVerdict(ExitStatus status) {
    this.exitCode = status.code();
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

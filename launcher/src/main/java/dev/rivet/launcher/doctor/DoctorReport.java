package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import java.util.List;

/**
 * The checks of one {@code rivet doctor} run in the order they ran, and what they add up to: the
 * verdict is the worst status, and the exit code is 0 unless a check failed, else the highest exit
 * code among the failures' kinds.
 */
public record DoctorReport(List<CheckResult> checks) {
  public DoctorReport {
    checks = List.copyOf(checks);
  }

  /** {@code FAIL} when any check failed, else {@code WARN} when any warned, else {@code PASS}. */
  public CheckStatus verdict() {
    if (checks.stream().anyMatch(c -> c.status() == CheckStatus.FAIL)) {
      return CheckStatus.FAIL;
    }
    return checks.stream().anyMatch(c -> c.status() == CheckStatus.WARN)
        ? CheckStatus.WARN
        : CheckStatus.PASS;
  }

  public int exitCode() {
    return checks.stream()
        .filter(c -> c.status() == CheckStatus.FAIL)
        .map(CheckResult::kind)
        .mapToInt(FailureKind::exitCode)
        .max()
        .orElse(ExitStatus.SUCCESS.code());
  }
}

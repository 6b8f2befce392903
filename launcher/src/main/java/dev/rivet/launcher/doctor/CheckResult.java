package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.Objects;

/**
 * One line of a doctor report: what was checked, how it went, a one-line detail, and what to do
 * when it did not pass.
 *
 * @param hint empty for PASS and SKIP
 * @param kind the failure's kind for FAIL, which decides the exit code; null otherwise
 */
public record CheckResult(
    String name, CheckStatus status, String detail, String hint, FailureKind kind) {
  public CheckResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    hint = hint == null ? "" : hint;
    if ((status == CheckStatus.FAIL) != (kind != null)) {
      throw new IllegalArgumentException("a failure kind belongs to a FAIL, and only to a FAIL");
    }
  }

  static CheckResult pass(String name, String detail) {
    return new CheckResult(name, CheckStatus.PASS, detail, "", null);
  }

  static CheckResult warn(String name, String detail, String hint) {
    return new CheckResult(name, CheckStatus.WARN, detail, hint, null);
  }

  static CheckResult fail(String name, FailureKind kind, String detail, String hint) {
    return new CheckResult(name, CheckStatus.FAIL, detail, hint, kind);
  }

  static CheckResult fail(String name, RivetException failure) {
    return fail(name, failure.kind(), failure.getMessage(), failure.hint());
  }

  static CheckResult skip(String name, String why) {
    return new CheckResult(name, CheckStatus.SKIP, "skipped: " + why, "", null);
  }

  /** This result with every secret in its detail and hint masked. */
  CheckResult masked(SecretMask mask) {
    return new CheckResult(name, status, mask.apply(detail), mask.apply(hint), kind);
  }
}

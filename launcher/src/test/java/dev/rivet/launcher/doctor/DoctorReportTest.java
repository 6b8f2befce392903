package dev.rivet.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.FailureKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorReportTest {
  @Test
  void shouldExitZeroWhenNothingFailsAndSayWarnWhenSomethingWarns() {
    DoctorReport report =
        new DoctorReport(
            List.of(
                CheckResult.pass("a", "ok"),
                CheckResult.warn("b", "hm", "do x"),
                CheckResult.skip("c", "b")));

    assertThat(report.exitCode()).isZero();
    assertThat(report.verdict()).isEqualTo(CheckStatus.WARN);
  }

  @Test
  void shouldExitWithTheHighestCodeOfTheFailures() {
    DoctorReport report =
        new DoctorReport(
            List.of(
                CheckResult.fail("dest", FailureKind.DESTINATION, "no", "fix"),
                CheckResult.fail("login", FailureKind.SOURCE_PERMANENT, "no", "fix"),
                CheckResult.warn("tls", "hm", "do x")));

    assertThat(report.exitCode()).isEqualTo(5);
    assertThat(report.verdict()).isEqualTo(CheckStatus.FAIL);
  }

  @Test
  void shouldMaskThePasswordAndUrlCredentials() {
    SecretMask mask = new SecretMask("s3cr3t!");

    assertThat(mask.apply("login s3cr3t! at postgresql://bob:other@h/db?password=x&ssl=true"))
        .isEqualTo("login *** at postgresql://bob:***@h/db?password=***&ssl=true");
  }
}

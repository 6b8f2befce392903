package dev.rivet.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TlsModeCheckTest {
  @Test
  void shouldWarnThatTheDriverDefaultDoesNotVerifyARemoteServer() {
    CheckResult r = TlsModeCheck.run(SourceAddress.parse("jdbc:postgresql://db:5432/x"), false);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail()).startsWith("sslmode=prefer (pgjdbc default)");
    assertThat(r.hint()).contains("sslmode=verify-full");
  }

  @Test
  void shouldPassAnyModeForASourceOnThisMachine() {
    CheckResult r = TlsModeCheck.run(SourceAddress.parse("jdbc:mariadb://localhost/x"), true);

    assertThat(r.status()).isEqualTo(CheckStatus.PASS);
    assertThat(r.detail()).contains("not encrypted").contains("on this machine");
  }

  @Test
  void shouldPassVerifyingModesOfBothDrivers() {
    assertThat(
            TlsModeCheck.run(SourceAddress.parse("jdbc:postgresql://db/x?ssl=true"), false)
                .detail())
        .contains("verify-full")
        .contains("host name are verified");
    assertThat(
            TlsModeCheck.run(
                    SourceAddress.parse("jdbc:mysql://db/x?sslMode=VERIFY_IDENTITY"), false)
                .status())
        .isEqualTo(CheckStatus.PASS);
    assertThat(
            TlsModeCheck.run(SourceAddress.parse("jdbc:mariadb://db/x?useSSL=true"), false)
                .status())
        .isEqualTo(CheckStatus.PASS);
  }

  @Test
  void shouldWarnAboutAnUnknownMode() {
    CheckResult r =
        TlsModeCheck.run(SourceAddress.parse("jdbc:postgresql://db/x?sslmode=sometimes"), true);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail()).contains("sslmode='sometimes'");
    assertThat(r.hint()).contains("verify-full");
  }
}

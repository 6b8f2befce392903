package dev.rivet.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.TlsSetting;
import org.junit.jupiter.api.Test;

class TlsModeCheckTest {
  @Test
  void shouldWarnThatTheDriverDefaultDoesNotVerifyARemoteServer() {
    CheckResult r = TlsModeCheck.run(tls("jdbc:postgresql://db:5432/x"), false);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail()).startsWith("sslmode=prefer (pgjdbc default)");
    assertThat(r.hint())
        .isEqualTo(
            "add sslmode=verify-full to source.url (with sslrootcert=<CA file> when the server's"
                + " CA is not in the default trust store)");
  }

  @Test
  void shouldNameTheMariaDbParametersInTheHint() {
    CheckResult r = TlsModeCheck.run(tls("jdbc:mariadb://db/x?sslMode=trust"), false);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail()).startsWith("sslMode=trust: encrypted; the server certificate is not");
    assertThat(r.hint())
        .isEqualTo(
            "add sslMode=verify-full to source.url (with serverSslCert=<CA file> when the server's"
                + " CA is not in the Java trust store)");
  }

  @Test
  void shouldPassAnyModeForASourceOnThisMachine() {
    CheckResult r = TlsModeCheck.run(tls("jdbc:mariadb://localhost/x"), true);

    assertThat(r.status()).isEqualTo(CheckStatus.PASS);
    assertThat(r.detail()).contains("not encrypted").contains("on this machine");
  }

  @Test
  void shouldPassVerifyingModesOfBothDrivers() {
    assertThat(TlsModeCheck.run(tls("jdbc:postgresql://db/x?ssl=true"), false).detail())
        .contains("verify-full")
        .contains("host name are verified");
    assertThat(TlsModeCheck.run(tls("jdbc:mysql://db/x?sslMode=VERIFY_IDENTITY"), false).status())
        .isEqualTo(CheckStatus.PASS);
    assertThat(TlsModeCheck.run(tls("jdbc:mariadb://db/x?useSSL=true"), false).status())
        .isEqualTo(CheckStatus.PASS);
  }

  @Test
  void shouldWarnAboutAnUnknownMode() {
    CheckResult r = TlsModeCheck.run(tls("jdbc:postgresql://db/x?sslmode=sometimes"), true);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail())
        .isEqualTo("sslmode='sometimes' is not a mode the driver knows; it will refuse to connect");
    assertThat(r.hint())
        .isEqualTo("use one of: disable, allow, prefer, require, verify-ca, verify-full (pgjdbc)");
  }

  /** The TLS setting the source's dialect reads from {@code url}, as doctor gets it. */
  private static TlsSetting tls(String url) {
    return Dialect.of(SourceKind.forJdbcUrl(url)).address(url).tls();
  }
}

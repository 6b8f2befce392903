package dev.rivet.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.TlsSetting;
import org.junit.jupiter.api.Test;

class TlsModeCheckTest {
  @Test
  void shouldFailWhenTheDriverDefaultMayNotEncryptARemoteServer() {
    CheckResult r = run("jdbc:postgresql://db:5432/x", SourceTls.NONE, false);

    assertThat(r.status()).isEqualTo(CheckStatus.FAIL);
    assertThat(r.detail())
        .startsWith("sslmode=prefer (pgjdbc default)")
        .endsWith("Rivet refuses to connect without TLS");
    assertThat(r.hint())
        .isEqualTo(
            "set source.tls: {mode: verify-full} (with ca_file: <CA file> when the server's CA is"
                + " not in the Java trust store), or write source.tls: {mode: disable} to accept an"
                + " unencrypted connection");
  }

  @Test
  void shouldPassPlaintextToTheLastHopOfAnSshTunnelAndSaySo() {
    String url = "jdbc:postgresql://db.internal:5432/x";
    TlsSetting tls = Dialect.of(SourceKind.forJdbcUrl(url)).address(url).tls();

    CheckResult r = TlsModeCheck.run(tls, SourceTls.NONE, url, false, true);

    assertThat(r.status()).isEqualTo(CheckStatus.PASS);
    assertThat(r.detail())
        .startsWith("sslmode=prefer (pgjdbc default)")
        .endsWith("this mode applies to the last hop's connection to the database)");
  }

  @Test
  void shouldWarnAboutAnUnverifiedServerAndNameTheUrlParametersToRemove() {
    CheckResult r = run("jdbc:mariadb://db/x?sslMode=trust", SourceTls.NONE, false);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail()).startsWith("sslMode=trust: encrypted; the server certificate is not");
    assertThat(r.hint())
        .isEqualTo(
            "set source.tls: {mode: verify-full} (with ca_file: <CA file> when the server's CA is"
                + " not in the Java trust store) and remove sslMode from source.url");
  }

  @Test
  void shouldWarnWhenPlaintextToARemoteServerIsChosenInWriting() {
    SourceTls disable = new SourceTls(TlsMode.DISABLE, null, null, null, "rivet.yaml");
    CheckResult r = run("jdbc:postgresql://db/x", disable, false);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail()).startsWith("source.tls.mode: disable: not encrypted");
  }

  @Test
  void shouldTakeTheConfiguredModeOverTheDriverDefault() {
    SourceTls full = new SourceTls(TlsMode.VERIFY_FULL, null, null, null, "rivet.yaml");
    CheckResult r = run("jdbc:mariadb://db/x", full, false);

    assertThat(r.status()).isEqualTo(CheckStatus.PASS);
    assertThat(r.detail()).startsWith("source.tls.mode: verify-full: encrypted; the certificate");
  }

  @Test
  void shouldPassAnyModeForASourceOnThisMachine() {
    CheckResult r = run("jdbc:mariadb://localhost/x", SourceTls.NONE, true);

    assertThat(r.status()).isEqualTo(CheckStatus.PASS);
    assertThat(r.detail()).contains("not encrypted").contains("on this machine");
  }

  @Test
  void shouldPassVerifyingModesOfBothDrivers() {
    assertThat(run("jdbc:postgresql://db/x?ssl=true", SourceTls.NONE, false).detail())
        .contains("verify-full")
        .contains("host name are verified");
    assertThat(run("jdbc:mysql://db/x?sslMode=VERIFY_IDENTITY", SourceTls.NONE, false).status())
        .isEqualTo(CheckStatus.PASS);
    assertThat(run("jdbc:mariadb://db/x?useSSL=true", SourceTls.NONE, false).status())
        .isEqualTo(CheckStatus.PASS);
  }

  @Test
  void shouldWarnAboutAnUnknownMode() {
    CheckResult r = run("jdbc:postgresql://db/x?sslmode=sometimes", SourceTls.NONE, true);

    assertThat(r.status()).isEqualTo(CheckStatus.WARN);
    assertThat(r.detail())
        .isEqualTo("sslmode='sometimes' is not a mode the driver knows; it will refuse to connect");
    assertThat(r.hint())
        .isEqualTo("use one of: disable, allow, prefer, require, verify-ca, verify-full (pgjdbc)");
  }

  /** The check on {@code url}'s TLS setting as the source's dialect reads it, as doctor runs it. */
  private static CheckResult run(String url, SourceTls configured, boolean loopbackOnly) {
    TlsSetting tls = Dialect.of(SourceKind.forJdbcUrl(url)).address(url).tls();
    return TlsModeCheck.run(tls, configured, url, loopbackOnly);
  }
}

package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.connect.PlaintextGuard;
import dev.rivet.planner.dialect.TlsParameters;
import dev.rivet.planner.dialect.TlsSetting;
import java.util.List;
import java.util.Map;

/**
 * Reports the TLS mode the driver will use: {@code source.tls.mode}, else as the source's dialect
 * reads it from the URL (or the driver's default). Only a mode that verifies the server passes on a
 * remote source, and one that may not encrypt fails there (the connection would be refused); a
 * source on this machine passes in any mode, because its traffic never leaves it.
 */
final class TlsModeCheck {
  static final String NAME = "source tls";

  // What each mode guarantees.
  private static final Map<TlsMode, String> MEANING =
      Map.of(
          TlsMode.DISABLE, "not encrypted",
          TlsMode.ALLOW,
              "encrypted only when the server insists; the server certificate is not verified",
          TlsMode.PREFER,
              "encrypted when the server offers TLS; the server certificate is not verified",
          TlsMode.REQUIRE, "encrypted; the server certificate is not verified",
          TlsMode.VERIFY_CA,
              "encrypted; the certificate is checked against a trusted CA, not the host name",
          TlsMode.VERIFY_FULL, "encrypted; the certificate and the host name are verified");

  private TlsModeCheck() {}

  /**
   * The verdict on the source's TLS.
   *
   * @param url the mode the source URL asks of its driver (or the driver's default)
   * @param configured the {@code source.tls} section ({@link SourceTls#NONE} when absent), which
   *     wins over the URL
   * @param jdbcUrl the source URL, to name its TLS parameters in hints
   */
  static CheckResult run(
      TlsSetting url, SourceTls configured, String jdbcUrl, boolean loopbackOnly) {
    return run(url, configured, jdbcUrl, loopbackOnly, false);
  }

  /**
   * As {@link #run(TlsSetting, SourceTls, String, boolean)}; {@code tunnelled}: the source is
   * reached through {@code source.ssh}, whose connection is what leaves this machine (never refused
   * for plain text, as {@code PlaintextGuard} decides).
   */
  static CheckResult run(
      TlsSetting url,
      SourceTls configured,
      String jdbcUrl,
      boolean loopbackOnly,
      boolean tunnelled) {
    TlsParameters parameters = url.parameters();
    if (!configured.configured() && url.mode().isEmpty()) {
      return CheckResult.warn(
          NAME,
          url.source() + " is not a mode the driver knows; it will refuse to connect",
          "use one of: " + parameters.validModes());
    }
    TlsMode mode = configured.configured() ? configured.mode() : url.mode().get();
    String source = configured.configured() ? "source.tls.mode: " + mode.wireName() : url.source();
    String detail = source + ": " + MEANING.get(mode);
    if (mode.verifiesServer()) {
      return CheckResult.pass(NAME, detail);
    }
    if (loopbackOnly) {
      return CheckResult.pass(NAME, detail + " (fine here: the source is on this machine)");
    }
    if (tunnelled) {
      return CheckResult.pass(
          NAME,
          detail
              + " (through source.ssh: encrypted up to the last hop; this mode applies to the last"
              + " hop's connection to the database)");
    }
    List<String> inUrl = parameters.setIn(jdbcUrl);
    String hint =
        "set source.tls: {mode: verify-full} (with ca_file: <CA file> when the server's CA is not"
            + " in the Java trust store)"
            + (inUrl.isEmpty()
                ? ""
                : " and remove " + String.join(", ", inUrl) + " from source.url");
    if (!configured.configured() && !PlaintextGuard.encrypts(mode)) {
      return CheckResult.fail(
          NAME,
          FailureKind.USER_CONFIG,
          detail + ", and the source is not on this machine: Rivet refuses to connect without TLS",
          hint + ", or write source.tls: {mode: disable} to accept an unencrypted connection");
    }
    return CheckResult.warn(
        NAME,
        detail + "; a host on the path could read or change the traffic, password included",
        hint);
  }
}

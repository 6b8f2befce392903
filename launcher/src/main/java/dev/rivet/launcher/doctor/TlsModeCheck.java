package dev.rivet.launcher.doctor;

import dev.rivet.planner.dialect.TlsMode;
import dev.rivet.planner.dialect.TlsParameters;
import dev.rivet.planner.dialect.TlsSetting;
import java.util.Map;

/**
 * Reports the TLS mode the driver will use, as the source's dialect reads it from the URL (or the
 * driver's default). Only a mode that verifies the server passes on a remote source; a source on
 * this machine passes in any mode, because its traffic never leaves it.
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

  static CheckResult run(TlsSetting tls, boolean loopbackOnly) {
    TlsParameters parameters = tls.parameters();
    if (tls.mode().isEmpty()) {
      return CheckResult.warn(
          NAME,
          tls.source() + " is not a mode the driver knows; it will refuse to connect",
          "use one of: " + parameters.validModes());
    }
    TlsMode mode = tls.mode().get();
    String detail = tls.source() + ": " + MEANING.get(mode);
    if (mode.verifiesServer()) {
      return CheckResult.pass(NAME, detail);
    }
    if (loopbackOnly) {
      return CheckResult.pass(NAME, detail + " (fine here: the source is on this machine)");
    }
    return CheckResult.warn(
        NAME,
        detail + "; a host on the path could read or change the traffic, password included",
        "add "
            + parameters.mode()
            + "="
            + TlsMode.VERIFY_FULL.wireName()
            + " to source.url (with "
            + parameters.caFile()
            + "=<CA file> when the server's CA is not in "
            + parameters.trustStore()
            + ")");
  }
}

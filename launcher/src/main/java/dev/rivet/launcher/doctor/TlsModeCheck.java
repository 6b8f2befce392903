package dev.rivet.launcher.doctor;

import dev.rivet.kernel.source.SourceKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reports the TLS mode the driver will use, read from the URL ({@code sslmode} and {@code ssl} for
 * pgjdbc; {@code sslMode}, or the legacy {@code useSsl}/{@code useSSL}, for MariaDB Connector/J) or
 * the driver's default. Only a mode that verifies the server passes on a remote source; a source on
 * this machine passes in any mode, because its traffic never leaves it.
 */
final class TlsModeCheck {
  static final String NAME = "source tls";

  // Canonical modes, and what each one guarantees.
  private static final Map<String, String> MEANING =
      Map.of(
          "disable", "not encrypted",
          "allow", "encrypted only when the server insists; the server certificate is not verified",
          "prefer", "encrypted when the server offers TLS; the server certificate is not verified",
          "require", "encrypted; the server certificate is not verified",
          "trust", "encrypted; the server certificate is not verified",
          "verify-ca",
              "encrypted; the certificate is checked against a trusted CA, not the host name",
          "verify-full", "encrypted; the certificate and the host name are verified");

  // MariaDB Connector/J's aliases of its modes (SslMode.from, case-insensitive).
  private static final Map<String, String> MARIADB_ALIASES =
      Map.ofEntries(
          Map.entry("disable", "disable"),
          Map.entry("disabled", "disable"),
          Map.entry("0", "disable"),
          Map.entry("false", "disable"),
          Map.entry("allow", "allow"),
          Map.entry("trust", "trust"),
          Map.entry("required", "trust"),
          Map.entry("verify-ca", "verify-ca"),
          Map.entry("verify_ca", "verify-ca"),
          Map.entry("verify-full", "verify-full"),
          Map.entry("verify_identity", "verify-full"),
          Map.entry("1", "verify-full"),
          Map.entry("true", "verify-full"));

  /** A mode and where it came from, e.g. {@code sslmode=prefer (pgjdbc default)}. */
  private record Mode(String canonical, String source) {}

  private TlsModeCheck() {}

  static CheckResult run(SourceAddress address, boolean loopbackOnly) {
    Optional<Mode> mode =
        (address.kind() == SourceKind.POSTGRESQL) ? postgres(address) : mariadb(address);
    String parameter = (address.kind() == SourceKind.POSTGRESQL) ? "sslmode" : "sslMode";
    String fix =
        (address.kind() == SourceKind.POSTGRESQL)
            ? "add sslmode=verify-full to source.url (with sslrootcert=<CA file> when the server's"
                + " CA is not in the default trust store)"
            : "add sslMode=verify-full to source.url (with serverSslCert=<CA file> when the server's"
                + " CA is not in the Java trust store)";
    if (mode.isEmpty()) {
      String value = address.parameter(parameter).orElse("");
      return CheckResult.warn(
          NAME,
          parameter + "='" + value + "' is not a mode the driver knows; it will refuse to connect",
          "use one of: disable, allow, prefer, require, verify-ca, verify-full ("
              + ((address.kind() == SourceKind.POSTGRESQL)
                  ? "pgjdbc"
                  : "MariaDB Connector/J: trust instead of require")
              + ")");
    }
    String canonical = mode.get().canonical();
    String detail = mode.get().source() + ": " + MEANING.get(canonical);
    if (canonical.startsWith("verify-")) {
      return CheckResult.pass(NAME, detail);
    }
    if (loopbackOnly) {
      return CheckResult.pass(NAME, detail + " (fine here: the source is on this machine)");
    }
    return CheckResult.warn(
        NAME,
        detail + "; a host on the path could read or change the traffic, password included",
        fix);
  }

  private static Optional<Mode> postgres(SourceAddress address) {
    Optional<String> sslmode = address.parameter("sslmode");
    if (sslmode.isPresent()) {
      String value = sslmode.get().toLowerCase(Locale.ROOT);
      return MEANING.containsKey(value) && !value.equals("trust")
          ? Optional.of(new Mode(value, "sslmode=" + value))
          : Optional.empty();
    }
    Optional<String> ssl = address.parameter("ssl");
    if (ssl.isPresent() && (ssl.get().isEmpty() || ssl.get().equalsIgnoreCase("true"))) {
      return Optional.of(
          new Mode("verify-full", "ssl=true (pgjdbc reads it as sslmode=verify-full)"));
    }
    return Optional.of(new Mode("prefer", "sslmode=prefer (pgjdbc default)"));
  }

  private static Optional<Mode> mariadb(SourceAddress address) {
    Optional<String> sslMode = address.parameter("sslmode");
    if (sslMode.isPresent()) {
      String canonical = MARIADB_ALIASES.get(sslMode.get().toLowerCase(Locale.ROOT));
      return canonical == null
          ? Optional.empty()
          : Optional.of(new Mode(canonical, "sslMode=" + sslMode.get()));
    }
    Optional<String> useSsl = address.parameter("usessl");
    if (useSsl.isPresent() && isTrue(useSsl.get())) {
      if (address.parameter("trustservercertificate").filter(TlsModeCheck::isTrue).isPresent()) {
        return Optional.of(new Mode("trust", "useSsl with trustServerCertificate (sslMode=trust)"));
      }
      if (address
          .parameter("disablesslhostnameverification")
          .filter(TlsModeCheck::isTrue)
          .isPresent()) {
        return Optional.of(
            new Mode(
                "verify-ca", "useSsl with disableSslHostnameVerification (sslMode=verify-ca)"));
      }
      return Optional.of(new Mode("verify-full", "useSsl=true (sslMode=verify-full)"));
    }
    return Optional.of(new Mode("disable", "sslMode=disable (MariaDB Connector/J default)"));
  }

  private static boolean isTrue(String value) {
    return value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1");
  }
}

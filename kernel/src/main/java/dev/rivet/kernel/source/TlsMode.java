package dev.rivet.kernel.source;

import java.util.Optional;

/**
 * A TLS mode in libpq's terms ({@code sslmode}); each driver's own modes and legacy switches are
 * read as one of these.
 */
public enum TlsMode {
  DISABLE("disable"),
  ALLOW("allow"),
  PREFER("prefer"),
  REQUIRE("require"),
  VERIFY_CA("verify-ca"),
  VERIFY_FULL("verify-full");

  private final String wireName;

  TlsMode(String wireName) {
    this.wireName = wireName;
  }

  /** The name as libpq and pgjdbc spell it, e.g. {@code verify-full}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the driver checks the server's certificate, so no host on the path can pose as it. */
  public boolean verifiesServer() {
    return this == VERIFY_CA || this == VERIFY_FULL;
  }

  /** The mode named {@code wireName} exactly (lower case), if there is one. */
  public static Optional<TlsMode> parse(String wireName) {
    for (TlsMode mode : values()) {
      if (mode.wireName.equals(wireName)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}

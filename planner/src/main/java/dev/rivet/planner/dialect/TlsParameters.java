package dev.rivet.planner.dialect;

import java.util.Objects;

/**
 * How a driver's URL names its TLS settings, for hints that say what to write.
 *
 * @param mode the parameter that sets the mode: {@code sslmode} (pgjdbc), {@code sslMode} (MariaDB
 *     Connector/J)
 * @param caFile the parameter that names a CA certificate file: {@code sslrootcert}, {@code
 *     serverSslCert}
 * @param trustStore where the driver finds CAs without that parameter, e.g. {@code the Java trust
 *     store}
 * @param validModes the mode names the driver takes, as a hint lists them
 */
public record TlsParameters(String mode, String caFile, String trustStore, String validModes) {
  public TlsParameters {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(validModes, "validModes");
  }
}

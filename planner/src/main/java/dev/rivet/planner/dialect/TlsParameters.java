package dev.rivet.planner.dialect;

import java.util.List;
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
 * @param all every URL parameter by which the driver's TLS can be set, in its spelling; one of them
 *     in the URL conflicts with a {@code source.tls} section
 */
public record TlsParameters(
    String mode, String caFile, String trustStore, String validModes, List<String> all) {
  public TlsParameters {
    all = List.copyOf(all);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(validModes, "validModes");
  }

  /** The parameters of {@link #all} that {@code jdbcUrl} sets, in its spelling. */
  public List<String> setIn(String jdbcUrl) {
    UrlParameters parameters = UrlParameters.of(jdbcUrl);
    return all.stream().filter(name -> parameters.get(name).isPresent()).toList();
  }
}

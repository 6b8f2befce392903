package dev.rivet.planner.postgres;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.dialect.TlsParameters;
import dev.rivet.planner.dialect.TlsSetting;
import dev.rivet.planner.dialect.UrlParameters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgjdbc's URL grammar: {@code jdbc:postgresql://h1:p1,h2:p2/db?...}, and {@code
 * jdbc:postgresql:db?...}, which reaches localhost:5432; the TLS mode is {@code sslmode}, or {@code
 * ssl=true} (read as verify-full), or {@code prefer}.
 */
final class PostgresUrl {
  private static final Pattern HOSTS = Pattern.compile("jdbc:postgresql://([^/?]*)[^?]*(\\?.*)?");
  private static final Pattern SHORT = Pattern.compile("jdbc:postgresql:(?!//)[^?]*(\\?.*)?");
  private static final int DEFAULT_PORT = SourceKind.POSTGRESQL.defaultPort();

  static final TlsParameters TLS =
      new TlsParameters(
          "sslmode",
          "sslrootcert",
          "the default trust store",
          "disable, allow, prefer, require, verify-ca, verify-full (pgjdbc)",
          List.of(
              "sslmode",
              "ssl",
              "sslrootcert",
              "sslcert",
              "sslkey",
              "sslpassword",
              "sslfactory",
              "sslfactoryarg",
              "sslhostnameverifier",
              "sslpasswordcallback"));

  private PostgresUrl() {}

  /** pgjdbc percent-decodes the database name, so any name fits once encoded. */
  static String of(String host, int port, String database) {
    return SourceKind.POSTGRESQL.jdbcSchemes().get(0)
        + "//"
        + host
        + ":"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static SourceAddress address(String jdbcUrl) {
    return new SourceAddress(endpoints(jdbcUrl), tls(UrlParameters.of(jdbcUrl)));
  }

  static String withEndpoint(String jdbcUrl, Endpoint local) {
    Matcher m = HOSTS.matcher(jdbcUrl);
    if (m.matches()) {
      return jdbcUrl.substring(0, m.start(1)) + local + jdbcUrl.substring(m.end(1));
    }
    if (SHORT.matcher(jdbcUrl).matches()) {
      String prefix = SourceKind.POSTGRESQL.jdbcSchemes().get(0);
      return prefix + "//" + local + "/" + jdbcUrl.substring(prefix.length());
    }
    throw new IllegalArgumentException("cannot read the host part of " + jdbcUrl);
  }

  private static List<Endpoint> endpoints(String jdbcUrl) {
    Matcher m = HOSTS.matcher(jdbcUrl);
    if (m.matches()) {
      String hosts = m.group(1);
      if (hosts.isBlank()) {
        return List.of(new Endpoint("localhost", DEFAULT_PORT));
      }
      return Endpoint.all(
          Arrays.asList(hosts.split(",", -1)), spec -> Endpoint.parse(spec, DEFAULT_PORT));
    }
    if (SHORT.matcher(jdbcUrl).matches()) {
      return List.of(new Endpoint("localhost", DEFAULT_PORT));
    }
    return List.of();
  }

  private static TlsSetting tls(UrlParameters parameters) {
    Optional<String> sslmode = parameters.get("sslmode");
    if (sslmode.isPresent()) {
      String value = sslmode.get().toLowerCase(Locale.ROOT);
      Optional<TlsMode> mode = TlsMode.parse(value);
      return new TlsSetting(
          mode, mode.isPresent() ? "sslmode=" + value : "sslmode='" + sslmode.get() + "'", TLS);
    }
    Optional<String> ssl = parameters.get("ssl");
    if (ssl.isPresent() && (ssl.get().isEmpty() || ssl.get().equalsIgnoreCase("true"))) {
      return new TlsSetting(
          Optional.of(TlsMode.VERIFY_FULL),
          "ssl=true (pgjdbc reads it as sslmode=verify-full)",
          TLS);
    }
    return new TlsSetting(Optional.of(TlsMode.PREFER), "sslmode=prefer (pgjdbc default)", TLS);
  }
}

package dev.rivet.planner.mysql;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.dialect.TlsParameters;
import dev.rivet.planner.dialect.TlsSetting;
import dev.rivet.planner.dialect.UrlParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB Connector/J's URL grammar, for {@code jdbc:mariadb:} and {@code jdbc:mysql:} alike:
 * {@code jdbc:mariadb:[mode:]//host:port,.../db?...}, where a host may be an {@code
 * address=(host=..)(port=..)} description; the TLS mode is {@code sslMode} (with its aliases), or
 * the legacy {@code useSsl}/{@code useSSL}, or {@code disable}.
 */
final class MySqlUrl {
  private static final Pattern HOSTS =
      Pattern.compile("jdbc:(?:mariadb|mysql):(?:[a-z-]+:)?//([^/?]*)[^?]*(\\?.*)?");
  private static final Pattern ADDRESS_HOST = Pattern.compile("\\(host=([^)]*)\\)");
  private static final Pattern ADDRESS_PORT = Pattern.compile("\\(port=(\\d+)\\)");
  private static final int DEFAULT_PORT = SourceKind.MYSQL.defaultPort();

  // MariaDB Connector/J's names of its modes (SslMode.from, case-insensitive); its trust is
  // libpq's require.
  private static final Map<String, TlsMode> MODES =
      Map.ofEntries(
          Map.entry("disable", TlsMode.DISABLE),
          Map.entry("disabled", TlsMode.DISABLE),
          Map.entry("0", TlsMode.DISABLE),
          Map.entry("false", TlsMode.DISABLE),
          Map.entry("allow", TlsMode.ALLOW),
          Map.entry("trust", TlsMode.REQUIRE),
          Map.entry("required", TlsMode.REQUIRE),
          Map.entry("verify-ca", TlsMode.VERIFY_CA),
          Map.entry("verify_ca", TlsMode.VERIFY_CA),
          Map.entry("verify-full", TlsMode.VERIFY_FULL),
          Map.entry("verify_identity", TlsMode.VERIFY_FULL),
          Map.entry("1", TlsMode.VERIFY_FULL),
          Map.entry("true", TlsMode.VERIFY_FULL));

  static final TlsParameters TLS =
      new TlsParameters(
          "sslMode",
          "serverSslCert",
          "the Java trust store",
          "disable, allow, prefer, require, verify-ca, verify-full (MariaDB Connector/J: trust"
              + " instead of require)",
          List.of(
              "sslMode",
              "useSsl",
              "trustServerCertificate",
              "disableSslHostnameVerification",
              "serverSslCert",
              "keyStore",
              "keyStorePassword",
              "keyPassword",
              "keyStoreType",
              "trustStore",
              "trustStorePassword",
              "trustStoreType",
              "fallbackToSystemKeyStore",
              "fallbackToSystemTrustStore"));

  private MySqlUrl() {}

  /**
   * MariaDB Connector/J takes the database name verbatim, so characters that end the URL's path are
   * refused.
   */
  static String of(String host, int port, String database) {
    if (database.matches(".*[/?&=;#%\\s].*")) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "'" + database + "' cannot be passed to MariaDB Connector/J in a URL",
          "use a database name without '/', '?', '&', '=', ';', '#', '%' or spaces");
    }
    return SourceKind.MYSQL.jdbcSchemes().get(0) + "//" + host + ":" + port + "/" + database;
  }

  static SourceAddress address(String jdbcUrl) {
    return new SourceAddress(endpoints(jdbcUrl), tls(UrlParameters.of(jdbcUrl)));
  }

  static String withEndpoint(String jdbcUrl, Endpoint local) {
    Matcher m = HOSTS.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read the host part of " + jdbcUrl);
    }
    return jdbcUrl.substring(0, m.start(1)) + local + jdbcUrl.substring(m.end(1));
  }

  private static List<Endpoint> endpoints(String jdbcUrl) {
    Matcher m = HOSTS.matcher(jdbcUrl);
    if (!m.matches()) {
      return List.of();
    }
    String hosts = m.group(1);
    if (hosts.isBlank()) {
      return List.of(new Endpoint("localhost", DEFAULT_PORT));
    }
    return Endpoint.all(splitHosts(hosts), MySqlUrl::endpoint);
  }

  /** Splits on commas outside parentheses, so {@code address=(host=a)(port=1)} stays whole. */
  private static List<String> splitHosts(String hosts) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < hosts.length(); i++) {
      char c = hosts.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(hosts.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(hosts.substring(start));
    return parts;
  }

  private static Optional<Endpoint> endpoint(String spec) {
    if (!spec.startsWith("address=")) {
      return Endpoint.parse(spec, DEFAULT_PORT);
    }
    Matcher host = ADDRESS_HOST.matcher(spec);
    Matcher port = ADDRESS_PORT.matcher(spec);
    if (!host.find()) {
      return Optional.empty();
    }
    return Endpoint.of(host.group(1), port.find() ? port.group(1) : null, DEFAULT_PORT);
  }

  private static TlsSetting tls(UrlParameters parameters) {
    Optional<String> sslMode = parameters.get("sslMode");
    if (sslMode.isPresent()) {
      Optional<TlsMode> mode =
          Optional.ofNullable(MODES.get(sslMode.get().toLowerCase(Locale.ROOT)));
      return new TlsSetting(
          mode,
          mode.isPresent() ? "sslMode=" + sslMode.get() : "sslMode='" + sslMode.get() + "'",
          TLS);
    }
    Optional<String> useSsl = parameters.get("useSsl");
    if (useSsl.isPresent() && isTrue(useSsl.get())) {
      if (parameters.get("trustServerCertificate").filter(MySqlUrl::isTrue).isPresent()) {
        return setting(TlsMode.REQUIRE, "useSsl with trustServerCertificate (sslMode=trust)");
      }
      if (parameters.get("disableSslHostnameVerification").filter(MySqlUrl::isTrue).isPresent()) {
        return setting(
            TlsMode.VERIFY_CA, "useSsl with disableSslHostnameVerification (sslMode=verify-ca)");
      }
      return setting(TlsMode.VERIFY_FULL, "useSsl=true (sslMode=verify-full)");
    }
    return setting(TlsMode.DISABLE, "sslMode=disable (MariaDB Connector/J default)");
  }

  private static TlsSetting setting(TlsMode mode, String source) {
    return new TlsSetting(Optional.of(mode), source, TLS);
  }

  private static boolean isTrue(String value) {
    return value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1");
  }
}

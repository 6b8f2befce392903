package dev.rivet.launcher.doctor;

import dev.rivet.kernel.source.SourceKind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a source JDBC URL says about the network: the hosts and ports the driver will try, and the
 * URL's parameters by lower-case name. Understands the forms Rivet's drivers accept: pgjdbc's
 * {@code jdbc:postgresql://h1:p1,h2:p2/db?...} and {@code jdbc:postgresql:db}, and MariaDB
 * Connector/J's {@code jdbc:mariadb:[mode:]//host:port,.../db?...} with {@code
 * address=(host=..)(port=..)} host descriptions ({@code jdbc:mysql:} likewise).
 *
 * @param endpoints empty when the URL's host part could not be read
 */
record SourceAddress(SourceKind kind, List<Endpoint> endpoints, Map<String, String> parameters) {
  private static final Pattern HIERARCHICAL =
      Pattern.compile("jdbc:(postgresql|mariadb|mysql):(?:[a-z-]+:)?//([^/?]*)([^?]*)(\\?.*)?");
  private static final Pattern POSTGRES_SHORT =
      Pattern.compile("jdbc:postgresql:(?!//)[^?]*(\\?.*)?");
  private static final Pattern ADDRESS_HOST = Pattern.compile("\\(host=([^)]*)\\)");
  private static final Pattern ADDRESS_PORT = Pattern.compile("\\(port=(\\d+)\\)");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:]*)(?::(\\d+))?");

  SourceAddress {
    endpoints = List.copyOf(endpoints);
    parameters = Map.copyOf(parameters);
  }

  static SourceAddress parse(String jdbcUrl) {
    SourceKind kind = SourceKind.ofJdbcUrl(jdbcUrl).orElse(SourceKind.MYSQL);
    int defaultPort = kind.defaultPort();
    Matcher m = HIERARCHICAL.matcher(jdbcUrl);
    if (m.matches()) {
      return new SourceAddress(kind, endpoints(m.group(2), defaultPort), parameters(m.group(4)));
    }
    Matcher shortForm = POSTGRES_SHORT.matcher(jdbcUrl);
    if (shortForm.matches()) {
      // jdbc:postgresql:database reaches localhost:5432.
      return new SourceAddress(
          SourceKind.POSTGRESQL,
          List.of(new Endpoint("localhost", defaultPort)),
          parameters(shortForm.group(1)));
    }
    return new SourceAddress(kind, List.of(), parameters(query(jdbcUrl)));
  }

  /** The value of the URL parameter {@code name}, matched ignoring case. */
  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  private static List<Endpoint> endpoints(String hosts, int defaultPort) {
    List<Endpoint> endpoints = new ArrayList<>();
    if (hosts.isBlank()) {
      return List.of(new Endpoint("localhost", defaultPort));
    }
    for (String spec : splitHosts(hosts)) {
      Optional<Endpoint> endpoint = endpoint(spec.strip(), defaultPort);
      if (endpoint.isEmpty()) {
        return List.of();
      }
      endpoints.add(endpoint.get());
    }
    return endpoints;
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

  private static Optional<Endpoint> endpoint(String spec, int defaultPort) {
    try {
      if (spec.startsWith("address=")) {
        Matcher host = ADDRESS_HOST.matcher(spec);
        Matcher port = ADDRESS_PORT.matcher(spec);
        if (!host.find()) {
          return Optional.empty();
        }
        int p = port.find() ? Integer.parseInt(port.group(1)) : defaultPort;
        return Optional.of(new Endpoint(unbracket(host.group(1)), p));
      }
      Matcher m = HOST_PORT.matcher(spec);
      if (!m.matches()) {
        return Optional.empty();
      }
      String host = m.group(1).isEmpty() ? "localhost" : unbracket(m.group(1));
      int port = m.group(2) == null ? defaultPort : Integer.parseInt(m.group(2));
      return Optional.of(new Endpoint(host, port));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a port out of range or too long to parse
    }
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String query(String url) {
    int q = url.indexOf('?');
    return q < 0 ? null : url.substring(q);
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query == null || query.length() <= 1) {
      return parameters;
    }
    for (String pair : query.substring(1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), decode(value));
    }
    return parameters;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}

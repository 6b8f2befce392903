package dev.rivet.launcher.doctor;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.launcher.config.HostList;
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
 * What a source JDBC URL says about the network: the hosts and ports the driver will try (read by
 * {@link HostList}; {@code jdbc:postgresql:db} reaches localhost), and the URL's parameters by
 * lower-case name.
 *
 * @param endpoints empty when the URL's host part could not be read
 */
record SourceAddress(SourceKind kind, List<Endpoint> endpoints, Map<String, String> parameters) {
  private static final Pattern POSTGRES_SHORT =
      Pattern.compile("jdbc:postgresql:(?!//)[^?]*(\\?.*)?");

  SourceAddress {
    endpoints = List.copyOf(endpoints);
    parameters = Map.copyOf(parameters);
  }

  static SourceAddress parse(String jdbcUrl) {
    SourceKind kind = SourceKind.ofJdbcUrl(jdbcUrl).orElse(SourceKind.MYSQL);
    int defaultPort = kind.defaultPort();
    Optional<List<HostList.Entry>> hosts = HostList.read(jdbcUrl);
    if (hosts.isPresent()) {
      return new SourceAddress(
          kind, endpoints(hosts.get(), defaultPort), parameters(query(jdbcUrl)));
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

  private static List<Endpoint> endpoints(List<HostList.Entry> hosts, int defaultPort) {
    if (hosts.isEmpty()) {
      return List.of(new Endpoint("localhost", defaultPort));
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (HostList.Entry entry : hosts) {
      Optional<Integer> port =
          entry.port() == null ? Optional.of(defaultPort) : HostList.port(entry.port());
      if (port.isEmpty()) {
        return List.of();
      }
      endpoints.add(new Endpoint(entry.host().isEmpty() ? "localhost" : entry.host(), port.get()));
    }
    return endpoints;
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

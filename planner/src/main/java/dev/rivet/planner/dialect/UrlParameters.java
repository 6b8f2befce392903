package dev.rivet.planner.dialect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a JDBC URL's query string ({@code ?a=1&b=2}, everything after the first {@code
 * ?}), by lower-case name, percent-decoded with {@code +} kept as {@code +}; a repeated name keeps
 * its first value and a name without {@code =} has the empty value.
 */
public record UrlParameters(Map<String, String> byName) {
  public UrlParameters {
    byName = Map.copyOf(byName);
  }

  /** The parameters of {@code url}'s query string; none when it has none. */
  public static UrlParameters of(String url) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int q = url.indexOf('?');
    if (q < 0) {
      return new UrlParameters(parameters);
    }
    for (String pair : url.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), decode(value));
    }
    return new UrlParameters(parameters);
  }

  /** The value of the parameter {@code name}, matched ignoring case. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }
}

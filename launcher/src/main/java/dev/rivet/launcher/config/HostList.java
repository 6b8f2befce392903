package dev.rivet.launcher.config;

import dev.rivet.kernel.source.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reading of the host list of a JDBC URL, for the config's port check at load and the
 * doctor's network checks. Understands the forms Rivet's drivers accept: pgjdbc's {@code
 * jdbc:postgresql://h1:p1,h2,[::1]:p3/db?...} and MariaDB Connector/J's {@code
 * jdbc:mariadb:[mode:]//host:port,.../db?...} with {@code address=(host=..)(port=..)} host
 * descriptions ({@code jdbc:mysql:} likewise). Ports are kept as written, checked by {@link
 * #checkPorts}.
 */
public final class HostList {
  /** The valid TCP ports. */
  public static final int MIN_PORT = 1;

  public static final int MAX_PORT = 65535;

  private static final Pattern HIERARCHICAL =
      Pattern.compile("(?i)jdbc:(?:postgresql|mariadb|mysql):(?:[a-z-]+:)?//([^/?]*).*");
  private static final Pattern ADDRESS_HOST = Pattern.compile("(?i)\\(host=([^)]*)\\)");
  private static final Pattern ADDRESS_PORT = Pattern.compile("(?i)\\(port=([^)]*)\\)");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*)(?::(.*))?");

  /**
   * One host as written (IPv6 literals without brackets) and its port as written, or null when the
   * URL gives none and the driver's default applies.
   */
  public record Entry(String host, String port) {}

  private HostList() {}

  /**
   * The hosts of {@code jdbcUrl} in order; an empty list when its host part is empty (the driver
   * connects to localhost); empty when the URL has no {@code //} host part (e.g. {@code
   * jdbc:postgresql:db}) or a host this reading does not understand (an IPv6 address without
   * brackets).
   */
  public static Optional<List<Entry>> read(String jdbcUrl) {
    Matcher m = HIERARCHICAL.matcher(jdbcUrl);
    if (!m.matches()) {
      return Optional.empty();
    }
    String hosts = m.group(1);
    // The drivers take no user in the host part; if one is written, it is not a host (and its
    // password must not show up as a port).
    hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
    if (hosts.isBlank()) {
      return Optional.of(List.of());
    }
    List<Entry> entries = new ArrayList<>();
    for (String spec : splitHosts(hosts)) {
      Optional<Entry> entry = entry(spec.strip());
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      entries.add(entry.get());
    }
    return Optional.of(List.copyOf(entries));
  }

  /** The port as a number, when it is a whole number from 1 to 65535. */
  public static Optional<Integer> port(String text) {
    if (text == null || !text.matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    int port = Integer.parseInt(text);
    return port >= MIN_PORT && port <= MAX_PORT ? Optional.of(port) : Optional.empty();
  }

  /** A port that is not a whole number from 1 to 65535, with what to write instead. */
  static final class BadPort extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    BadPort(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    String hint() {
      return hint;
    }
  }

  /**
   * Checks every port of {@code jdbcUrl}.
   *
   * @param shown the URL as the message shows it: as written, password masked
   * @throws BadPort naming the bad port, its host, the valid range and the URL
   */
  static void checkPorts(String jdbcUrl, String shown) {
    Optional<Integer> defaultPort = SourceKind.ofJdbcUrl(jdbcUrl).map(SourceKind::defaultPort);
    String range = "a whole number from " + MIN_PORT + " to " + MAX_PORT;
    for (Entry entry : read(jdbcUrl).orElse(List.of())) {
      if (entry.port() != null && port(entry.port()).isEmpty()) {
        String host = entry.host().isEmpty() ? "localhost" : entry.host();
        throw new BadPort(
            (entry.port().isEmpty()
                    ? "host " + host + " has an empty port"
                    : "port '" + entry.port() + "' of host " + host + " is invalid")
                + " (expected "
                + range
                + ") in '"
                + shown
                + "'",
            "write the port as "
                + range
                + ", e.g. "
                + host
                + ":"
                + defaultPort.orElse(5432)
                + ", or leave out ':port' for the default"
                + defaultPort.map(p -> " " + p).orElse(""));
      }
    }
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

  private static Optional<Entry> entry(String spec) {
    if (spec.regionMatches(true, 0, "address=", 0, "address=".length())) {
      Matcher host = ADDRESS_HOST.matcher(spec);
      if (!host.find()) {
        return Optional.empty();
      }
      Matcher port = ADDRESS_PORT.matcher(spec);
      return Optional.of(new Entry(unbracket(host.group(1)), port.find() ? port.group(1) : null));
    }
    Matcher m = HOST_PORT.matcher(spec);
    if (!m.matches()
        || (m.group(2) != null && !m.group(1).startsWith("[") && m.group(2).contains(":"))) {
      return Optional.empty(); // e.g. ::1 without brackets: which colon ends the host is unclear
    }
    return Optional.of(new Entry(unbracket(m.group(1)), m.group(2)));
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}

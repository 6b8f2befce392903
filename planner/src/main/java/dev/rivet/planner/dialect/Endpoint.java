package dev.rivet.planner.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One host and port a source URL names; {@code host} without IPv6 brackets. */
public record Endpoint(String host, int port) {
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:]*)(?::(\\d+))?");

  public Endpoint {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }
  }

  /**
   * Reads {@code host}, {@code host:port}, {@code [ipv6]} or {@code [ipv6]:port}; an empty host is
   * {@code localhost}.
   *
   * @return empty when {@code spec} is none of these, or its port is outside 1..65535
   */
  public static Optional<Endpoint> parse(String spec, int defaultPort) {
    Matcher m = HOST_PORT.matcher(spec);
    if (!m.matches()) {
      return Optional.empty();
    }
    return of(m.group(1).isEmpty() ? "localhost" : m.group(1), m.group(2), defaultPort);
  }

  /**
   * The endpoint of {@code host} (IPv6 brackets removed) and the port's digits, or the default port
   * when {@code port} is null.
   *
   * @return empty when the port is outside 1..65535
   */
  public static Optional<Endpoint> of(String host, String port, int defaultPort) {
    try {
      return Optional.of(
          new Endpoint(unbracket(host), port == null ? defaultPort : Integer.parseInt(port)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a port out of range or too long to parse
    }
  }

  /** Every endpoint of a host list, in order; empty when one of them cannot be read. */
  public static List<Endpoint> all(List<String> specs, Function<String, Optional<Endpoint>> read) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (String spec : specs) {
      Optional<Endpoint> endpoint = read.apply(spec.strip());
      if (endpoint.isEmpty()) {
        return List.of();
      }
      endpoints.add(endpoint.get());
    }
    return List.copyOf(endpoints);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

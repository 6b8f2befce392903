package dev.rivet.launcher.doctor;

import java.util.Objects;

/** One host and port a source URL names; {@code host} without IPv6 brackets. */
record Endpoint(String host, int port) {
  Endpoint {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}

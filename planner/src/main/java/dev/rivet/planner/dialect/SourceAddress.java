package dev.rivet.planner.dialect;

import java.util.List;
import java.util.Objects;

/**
 * What a source JDBC URL tells its driver about the network, read as that driver reads it: the
 * hosts and ports it tries, in order, and the TLS mode it asks for.
 *
 * @param endpoints empty when the URL's host part could not be read
 */
public record SourceAddress(List<Endpoint> endpoints, TlsSetting tls) {
  public SourceAddress {
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(tls, "tls");
  }
}

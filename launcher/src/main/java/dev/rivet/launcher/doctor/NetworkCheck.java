package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.planner.dialect.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolves each host of the source URL and opens (then closes) a TCP connection to its port, with a
 * short timeout; sends nothing. A failing host is a FAIL when no host works, a WARN when another
 * one does (the driver moves on to it).
 */
final class NetworkCheck {
  static final String DNS = "source dns";
  static final String TCP = "source tcp";
  static final int CONNECT_TIMEOUT_MILLIS = 3_000;

  private static final String DNS_HINT =
      "check the host in source.url (or source.host); this machine cannot resolve it (typo, VPN or"
          + " DNS not set up here?)";
  private static final String TCP_HINT =
      "check source host and port, that the server is running and accepts TCP connections from"
          + " this machine (PostgreSQL: listen_addresses; MySQL/MariaDB: bind-address; firewalls)";

  /** What happened at one endpoint; a null detail means that step was not reached. */
  private record Probe(
      Endpoint endpoint,
      boolean resolved,
      String dnsDetail,
      boolean connected,
      String tcpDetail,
      boolean loopback) {}

  private NetworkCheck() {}

  /**
   * @param endpoints the hosts and ports the driver tries, as the source's dialect reads them from
   *     the URL; empty when it could not
   */
  static Reachability run(List<Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      String why = "cannot tell the host and port from source.url; the login check connects anyway";
      return new Reachability(
          List.of(
              CheckResult.warn(DNS, why, "write source.url as scheme://host:port/database"),
              CheckResult.skip(TCP, "no host and port known")),
          true,
          false);
    }
    List<Probe> probes = endpoints.stream().map(NetworkCheck::probe).toList();
    boolean anyConnected = probes.stream().anyMatch(Probe::connected);
    List<CheckResult> checks = new ArrayList<>();
    for (Probe p : probes) {
      checks.add(
          p.resolved()
              ? CheckResult.pass(DNS, p.dnsDetail())
              : failure(DNS, anyConnected, p.dnsDetail(), DNS_HINT));
      if (!p.resolved()) {
        checks.add(CheckResult.skip(TCP, p.endpoint() + ": the host does not resolve"));
      } else if (p.connected()) {
        checks.add(CheckResult.pass(TCP, p.tcpDetail()));
      } else {
        checks.add(failure(TCP, anyConnected, p.tcpDetail(), TCP_HINT));
      }
    }
    boolean loopbackOnly = probes.stream().allMatch(Probe::loopback);
    return new Reachability(checks, anyConnected, loopbackOnly);
  }

  private static CheckResult failure(
      String name, boolean anotherWorks, String detail, String hint) {
    return anotherWorks
        ? CheckResult.warn(name, detail + " (another host of the URL works)", hint)
        : CheckResult.fail(name, FailureKind.SOURCE_TRANSIENT, detail, hint);
  }

  private static Probe probe(Endpoint endpoint) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(endpoint.host());
    } catch (UnknownHostException e) {
      return new Probe(
          endpoint,
          false,
          "host '" + endpoint.host() + "' does not resolve (" + e.getMessage() + ")",
          false,
          null,
          false);
    }
    String dnsDetail =
        isLiteral(endpoint.host())
            ? endpoint.host() + " is an IP address (no lookup needed)"
            : endpoint.host()
                + " resolves to "
                + Arrays.stream(addresses)
                    .limit(4)
                    .map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(", "))
                + (addresses.length > 4 ? " and " + (addresses.length - 4) + " more" : "");
    boolean loopback = Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    String lastError = "no address";
    for (InetAddress a : addresses) {
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(a, endpoint.port()), CONNECT_TIMEOUT_MILLIS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        String via = isLiteral(endpoint.host()) ? "" : " (" + a.getHostAddress() + ")";
        return new Probe(
            endpoint,
            true,
            dnsDetail,
            true,
            endpoint + via + " accepts TCP connections (" + millis + " ms)",
            loopback);
      } catch (SocketTimeoutException e) {
        lastError = "no answer within " + CONNECT_TIMEOUT_MILLIS / 1000 + " s";
      } catch (IOException e) {
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
    }
    return new Probe(
        endpoint, true, dnsDetail, false, endpoint + ": cannot connect: " + lastError, loopback);
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}

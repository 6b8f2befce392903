package dev.rivet.planner.connect;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.dialect.TlsSetting;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Refuses a source connection whose traffic would cross the network unencrypted: a host that is not
 * this machine, without a TLS mode that encrypts ({@code require}, {@code verify-ca}, {@code
 * verify-full}), unless {@code source.tls.mode: disable} is written. Decides on the host the
 * configuration names.
 */
public final class PlaintextGuard {
  private PlaintextGuard() {}

  /**
   * Why {@code source} may not be opened as configured, or empty when it may.
   *
   * <p>A source reached through {@code source.ssh} passes: what leaves this machine is the SSH
   * connection, which is encrypted; the last hop's connection to the database runs inside the
   * network the bastion serves (docs/connectivity.md says so, and how to add TLS on that leg).
   */
  public static Optional<RivetException> refusal(SourceConnection source, SourceAddress address) {
    return refusal("source", source.tls(), source.ssh() != null, address);
  }

  /**
   * As {@link #refusal(SourceConnection, SourceAddress)}, for the connection the config section
   * {@code section} ({@code source}, {@code state}) describes: its {@code tls} settings, whether it
   * goes through an SSH tunnel, and the address its URL names.
   */
  public static Optional<RivetException> refusal(
      String section, SourceTls tls, boolean tunnelled, SourceAddress address) {
    if (tunnelled) {
      return Optional.empty();
    }
    if (tls.configured()) {
      return Optional.empty(); // an encrypting mode, or plaintext chosen in writing
    }
    TlsSetting url = address.tls();
    if (url.mode().filter(PlaintextGuard::encrypts).isPresent()) {
      return Optional.empty();
    }
    for (Endpoint endpoint : address.endpoints()) {
      if (!onThisMachine(endpoint.host())) {
        return Optional.of(refuse(section, tls, endpoint, url));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code mode} always encrypts (the server's identity may still be unchecked). */
  public static boolean encrypts(TlsMode mode) {
    return mode == TlsMode.REQUIRE || mode.verifiesServer();
  }

  /**
   * Whether {@code host} is this machine: {@code localhost} or a name or address that resolves to
   * loopback addresses only. A host that does not resolve is left to the driver, which cannot reach
   * it either and says so.
   */
  static boolean onThisMachine(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      return true;
    }
  }

  private static RivetException refuse(
      String section, SourceTls tls, Endpoint endpoint, TlsSetting url) {
    String file = tls.declaredIn();
    String in = file.isEmpty() ? "" : " in " + file;
    return new RivetException(
        FailureKind.USER_CONFIG,
        "refusing to connect to "
            + endpoint.host()
            + ":"
            + endpoint.port()
            + " without TLS: it is not this machine, "
            + section
            + ".tls is not set"
            + in
            + ", and "
            + section
            + ".url asks for "
            + url.source()
            + ", so the password and the data could cross the network in plain text",
        "add "
            + section
            + ".tls: {mode: verify-full} (with ca_file: <CA file> when the server's CA is not"
            + " in the Java trust store)"
            + in
            + ", or write "
            + section
            + ".tls: {mode: disable} to accept an unencrypted connection");
  }
}

package dev.rivet.planner.tunnel;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.source.SshHop;
import dev.rivet.kernel.source.SshRoute;
import dev.rivet.planner.dialect.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * An open SSH tunnel: a session to each hop (each later hop reached through a local forward of the
 * one before) and a local port forward on 127.0.0.1 from an ephemeral port to the database. Kept
 * alive by SSH heartbeats; closed, all of it, by {@link #close()}.
 */
final class Tunnel implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final String LOOPBACK = "127.0.0.1";

  private final List<SshClient> clients = new ArrayList<>();
  private final List<ClientSession> sessions = new ArrayList<>();
  private final List<ExplicitPortForwardingTracker> forwards = new ArrayList<>();
  private Endpoint local;

  private Tunnel() {}

  /**
   * Opens the tunnel to {@code target} through {@code route}, reporting each step that succeeds.
   *
   * @throws SshTunnelException naming the hop and step that failed
   */
  static Tunnel open(SshRoute route, Endpoint target, Consumer<SshStepPassed> passed) {
    Tunnel tunnel = new Tunnel();
    try {
      tunnel.build(route, target, passed);
      return tunnel;
    } catch (RuntimeException e) {
      tunnel.close();
      throw e;
    }
  }

  private void build(SshRoute route, Endpoint target, Consumer<SshStepPassed> passed) {
    List<SshHop> hops = route.hops();
    SshHop first = hops.get(0);
    String host = first.host();
    int port = first.port();
    try {
      InetAddress address = InetAddress.getByName(first.host());
      passed.accept(new SshStepPassed(first.label(), SshStep.DNS, address.getHostAddress()));
    } catch (UnknownHostException e) {
      throw new SshTunnelException(
          FailureKind.SOURCE_TRANSIENT,
          first,
          SshStep.DNS,
          "host name " + first.host() + " does not resolve",
          "check source.ssh.host (or the first via host) and this machine's DNS",
          e);
    }
    for (int i = 0; i < hops.size(); i++) {
      SshHop hop = hops.get(i);
      String through = i == 0 ? "" : " through " + hops.get(i - 1).label();
      ClientSession session = login(hop, host, port, through, passed);
      boolean last = i == hops.size() - 1;
      String nextHost = last ? target.host() : hops.get(i + 1).host();
      int nextPort = last ? target.port() : hops.get(i + 1).port();
      SshdSocketAddress forwarded = forward(session, hop, nextHost, nextPort);
      passed.accept(
          new SshStepPassed(
              hop.label(),
              SshStep.FORWARD,
              "forwards "
                  + LOOPBACK
                  + ":"
                  + forwarded.getPort()
                  + " to "
                  + nextHost
                  + ":"
                  + nextPort));
      host = LOOPBACK;
      port = forwarded.getPort();
    }
    local = new Endpoint(LOOPBACK, port);
  }

  private ClientSession login(
      SshHop hop, String host, int port, String through, Consumer<SshStepPassed> passed) {
    List<KeyPair> keys = HopLogin.keys(hop);
    HostKeyVerifier verifier = new HostKeyVerifier(hop);
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(verifier);
    // Only what the config names: no ~/.ssh/config, no default identities, no agent.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT);
    CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, TIMEOUT);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
    clients.add(client);
    client.start();
    ClientSession session;
    try {
      session = client.connect(hop.user(), host, port).verify(TIMEOUT).getSession();
    } catch (IOException | RuntimeException e) {
      throw new SshTunnelException(
          FailureKind.SOURCE_TRANSIENT,
          hop,
          SshStep.TCP,
          "cannot connect" + through + ": " + reason(e),
          "check that "
              + hop.label().substring(hop.label().indexOf('@') + 1)
              + " is an SSH server reachable from "
              + (through.isEmpty() ? "this machine" : "the hop before")
              + " (host, port, firewall)",
          e);
    }
    sessions.add(session);
    passed.accept(new SshStepPassed(hop.label(), SshStep.TCP, "connected" + through));
    // The key exchange (and so the host key check) is done once the session waits for auth.
    session.waitFor(
        List.of(
            ClientSession.ClientSessionEvent.WAIT_AUTH, ClientSession.ClientSessionEvent.CLOSED),
        TIMEOUT);
    HostKeyFailures.check(hop, verifier, session);
    passed.accept(new SshStepPassed(hop.label(), SshStep.HOST_KEY, verifier.outcome()));
    if (hop.credentials().password() != null) {
      session.addPasswordIdentity(hop.credentials().password());
    }
    keys.forEach(session::addPublicKeyIdentity);
    try {
      session.auth().verify(TIMEOUT);
    } catch (IOException | RuntimeException e) {
      HostKeyFailures.check(hop, verifier, session);
      throw new SshTunnelException(
          session.isOpen() ? FailureKind.SOURCE_PERMANENT : FailureKind.SOURCE_TRANSIENT,
          hop,
          SshStep.AUTH,
          "login as "
              + hop.user()
              + " with "
              + hop.credentials().describe()
              + " refused: "
              + reason(e),
          hop.credentials().password() != null
              ? "check source.ssh.user and the password in $" + hop.credentials().passwordEnv()
              : "check source.ssh.user, and that the public key of "
                  + hop.credentials().describe()
                  + " is in ~"
                  + hop.user()
                  + "/.ssh/authorized_keys on the SSH server",
          e);
    }
    passed.accept(
        new SshStepPassed(
            hop.label(), SshStep.AUTH, "logged in with " + hop.credentials().describe()));
    return session;
  }

  /** Checks that the hop reaches {@code host:port}, then forwards a local port to it. */
  private SshdSocketAddress forward(ClientSession session, SshHop hop, String host, int port) {
    SshdSocketAddress remote = new SshdSocketAddress(host, port);
    try (ChannelDirectTcpip probe =
        session.createDirectTcpipChannel(new SshdSocketAddress(LOOPBACK, 0), remote)) {
      probe.open().verify(TIMEOUT);
      ExplicitPortForwardingTracker tracker =
          session.createLocalPortForwardingTracker(new SshdSocketAddress(LOOPBACK, 0), remote);
      forwards.add(tracker);
      return tracker.getBoundAddress();
    } catch (IOException | RuntimeException e) {
      throw new SshTunnelException(
          FailureKind.SOURCE_TRANSIENT,
          hop,
          SshStep.FORWARD,
          "cannot forward to " + host + ":" + port + ": " + reason(e),
          "check that "
              + host
              + ":"
              + port
              + " is reachable from the SSH server and that it allows TCP forwarding"
              + " (AllowTcpForwarding in sshd_config)",
          e);
    }
  }

  /** The innermost cause's message: what went wrong, without the library's wrapping. */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  /** The local end of the tunnel: 127.0.0.1 and an ephemeral port. */
  Endpoint local() {
    return local;
  }

  /** Whether every session and the forward are still up. */
  boolean isOpen() {
    return !sessions.isEmpty()
        && sessions.stream().allMatch(ClientSession::isOpen)
        && forwards.stream().allMatch(ExplicitPortForwardingTracker::isOpen);
  }

  @Override
  public void close() {
    // The forwards, then the sessions, then the clients; each kind from the last hop back.
    List<AutoCloseable> all = new ArrayList<>();
    for (List<? extends AutoCloseable> kind : List.of(forwards, sessions, clients)) {
      List<AutoCloseable> lastFirst = new ArrayList<>(kind);
      Collections.reverse(lastFirst);
      all.addAll(lastFirst);
    }
    for (AutoCloseable closeable : all) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing a tunnel that may already be down; nothing is left to release.
      }
    }
    forwards.clear();
    sessions.clear();
    clients.clear();
  }
}

package dev.rivet.planner.tunnel;

import dev.rivet.kernel.source.SshRoute;
import dev.rivet.planner.dialect.Endpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH tunnels of this process: one per route and database endpoint, opened on first use and
 * shared by every connection made through it; opened again when it has dropped; all closed by
 * {@link #closeAll()} and, at the latest, when the JVM exits (Ctrl-C included). Process-wide on
 * purpose: every chunk connection of a process, whichever runner thread makes it, shares the one
 * tunnel; each {@code --worker} process opens its own.
 */
public final class SshTunnels {

  private record Key(SshRoute route, Endpoint target) {}

  private static final Map<Key, Tunnel> OPEN = new HashMap<>();
  private static boolean hookInstalled;

  private SshTunnels() {}

  /**
   * The local endpoint that reaches {@code target} through {@code route}: the open tunnel's, or a
   * new tunnel's when none is open or the last one dropped.
   *
   * @throws SshTunnelException when the tunnel cannot be opened
   */
  public static synchronized Endpoint localEndpoint(SshRoute route, Endpoint target) {
    Key key = new Key(route, target);
    Tunnel tunnel = OPEN.get(key);
    if (tunnel != null && tunnel.isOpen()) {
      return tunnel.local();
    }
    if (tunnel != null) {
      log()
          .warn("ssh: the tunnel to {} via {} dropped; opening it again", target, route.describe());
      OPEN.remove(key).close();
    }
    tunnel = Tunnel.open(route, target, step -> {});
    OPEN.put(key, tunnel);
    installHook();
    log().info("ssh: tunnel {} -> {} via {} is open", tunnel.local(), target, route.describe());
    return tunnel.local();
  }

  /**
   * Opens a tunnel to {@code target} through {@code route} step by step and closes it again, for
   * {@code rivet doctor}.
   *
   * @return the steps that passed, in order, and the failure of the next one, if any
   */
  public static SshCheck check(SshRoute route, Endpoint target) {
    List<SshStepPassed> passed = new ArrayList<>();
    try (Tunnel tunnel = Tunnel.open(route, target, passed::add)) {
      return new SshCheck(passed, null);
    } catch (SshTunnelException e) {
      return new SshCheck(passed, e);
    }
  }

  /** Closes every tunnel of this process. */
  public static synchronized void closeAll() {
    for (Tunnel tunnel : OPEN.values()) {
      tunnel.close();
    }
    if (!OPEN.isEmpty()) {
      log().debug("ssh: closed {} tunnel(s)", OPEN.size());
    }
    OPEN.clear();
  }

  /** How many tunnels are open now (for tests and logs). */
  public static synchronized int openCount() {
    return (int) OPEN.values().stream().filter(Tunnel::isOpen).count();
  }

  /**
   * Looked up when a line is logged, not when the class loads: every command closes the tunnels at
   * its end ({@link #closeAll()}), and a static logger would set logging up for {@code --help} too.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(SshTunnels.class);
  }

  private static void installHook() {
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(SshTunnels::closeAll, "rivet-ssh-close"));
      hookInstalled = true;
    }
  }
}

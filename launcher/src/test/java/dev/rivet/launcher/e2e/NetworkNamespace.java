package dev.rivet.launcher.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace joined to the root namespace by a veth pair on a private /30 in
 * 10.231.0.0/16, where a test runs rivet so that every byte between rivet and a database crosses
 * one link the test can shape or cut. Each fault ends by itself after its bound; {@link #close}
 * stops the processes started in the namespace and removes the namespace, its link and its
 * forwarders. A namespace left behind by a killed test JVM is removed by the next {@link #create}.
 */
final class NetworkNamespace implements AutoCloseable {
  private static final String PREFIX = "rivet-net-";
  private static final Pattern LEFTOVER = Pattern.compile(PREFIX + "(\\d+)-\\d+");
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String name;
  private final String rootDevice;
  private final String namespaceDevice;
  private final String rootAddress;
  private final List<TcpForwarder> forwarders = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "network-fault-timer");
            thread.setDaemon(true);
            return thread;
          });

  private NetworkNamespace(String name, String rootDevice, String namespaceDevice, String root) {
    this.name = name;
    this.rootDevice = rootDevice;
    this.namespaceDevice = namespaceDevice;
    this.rootAddress = root;
  }

  /** Skips the calling tests unless this process may create network namespaces. */
  static void assumeSupported() {
    String probe = PREFIX + PID + "-probe";
    SystemCommand.Result added = SystemCommand.run("ip", "netns", "add", probe);
    assumeTrue(
        added.exitCode() == 0,
        "network fault tests create network namespaces, which needs iproute2 and root (or"
            + " CAP_NET_ADMIN); `ip netns add` said: "
            + added.output());
    SystemCommand.check("ip", "netns", "del", probe);
  }

  /** A new namespace with its link up, on a /30 no other interface of this host uses. */
  static NetworkNamespace create() {
    removeLeftovers();
    for (int tries = 0; tries < 64; tries++) {
      int n = COUNTER.getAndIncrement();
      // 16384 /30 subnets in 10.231.0.0/16; the pid spreads concurrent test JVMs apart.
      int base = (int) ((PID * 64 + n) % 16384) * 4;
      String root = "10.231." + (base >> 8) + "." + ((base & 255) + 1);
      String inside = "10.231." + (base >> 8) + "." + ((base & 255) + 2);
      if (!SystemCommand.check("ip", "-o", "-4", "addr", "show", "to", root + "/30").isBlank()) {
        continue; // taken by another test run
      }
      String id = "rv" + Long.toString(PID, 36) + Integer.toString(n, 36);
      NetworkNamespace ns = new NetworkNamespace(PREFIX + PID + "-" + n, id + "r", id + "n", root);
      try {
        SystemCommand.check("ip", "netns", "add", ns.name);
        SystemCommand.check(
            "ip",
            "link",
            "add",
            ns.rootDevice,
            "type",
            "veth",
            "peer",
            "name",
            ns.namespaceDevice,
            "netns",
            ns.name);
        SystemCommand.check("ip", "addr", "add", root + "/30", "dev", ns.rootDevice);
        SystemCommand.check("ip", "link", "set", ns.rootDevice, "up");
        SystemCommand.check(
            "ip", "-n", ns.name, "addr", "add", inside + "/30", "dev", ns.namespaceDevice);
        SystemCommand.check("ip", "-n", ns.name, "link", "set", ns.namespaceDevice, "up");
        SystemCommand.check("ip", "-n", ns.name, "link", "set", "lo", "up");
        return ns;
      } catch (RuntimeException e) {
        ns.close();
        throw e;
      }
    }
    throw new IllegalStateException("no free /30 in 10.231.0.0/16 after 64 tries");
  }

  /**
   * Makes {@code <root address>:port} reach {@code host:port} from inside the namespace; returns
   * {@code <root address>:port}, the host and port of a source URL that crosses the link.
   */
  String forward(String host, int port) throws IOException {
    forwarders.add(
        TcpForwarder.start(
            new InetSocketAddress(rootAddress, port), new InetSocketAddress(host, port)));
    return rootAddress + ":" + port;
  }

  /** Sets kernel settings of the namespace only (e.g. its TCP keepalive), as {@code key=value}. */
  void sysctl(String... settings) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", name, "sysctl", "-q"));
    for (String setting : settings) {
      command.add("-w");
      command.add(setting);
    }
    SystemCommand.check(command.toArray(String[]::new));
  }

  /** Starts rivet (a new JVM) inside the namespace; {@link #close} kills it if it still runs. */
  Process startRivet(Path workDir, Path out, Path err, String... args) throws IOException {
    Process process =
        JavaProcess.start(
            List.of("ip", "netns", "exec", name), workDir, "512m", Map.of(), out, err, args);
    processes.add(process);
    return process;
  }

  /** Bytes the root side has sent into the namespace so far (database to rivet). */
  long bytesIntoNamespace() {
    try {
      Path counter = Path.of("/sys/class/net", rootDevice, "statistics", "tx_bytes");
      return Long.parseLong(Files.readString(counter, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code bytes} have crossed the link into the namespace while {@code rivet} still
   * runs; fails if it ends first or {@code atMost} passes.
   */
  void awaitTrafficIntoNamespace(long bytes, Process rivet, Duration atMost)
      throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (bytesIntoNamespace() < bytes) {
      if (!rivet.isAlive()) {
        throw new AssertionError(
            "rivet ended (exit " + rivet.exitValue() + ") before " + bytes + " bytes were read");
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(bytes + " bytes were not read within " + atMost);
      }
      // Polls a kernel counter; the run itself is awaited by the caller.
      Thread.sleep(10);
    }
  }

  /**
   * Takes the link down (both ends lose carrier; the namespace loses its route, so connecting fails
   * at once) until the fault is closed or {@code atMost} has passed.
   */
  Fault cut(Duration atMost) {
    SystemCommand.check("ip", "-n", name, "link", "set", namespaceDevice, "down");
    return bounded(
        atMost, () -> SystemCommand.check("ip", "-n", name, "link", "set", namespaceDevice, "up"));
  }

  /**
   * Puts {@code qdisc} (e.g. {@code tbf rate 256kbit burst 16kbit latency 200ms}) on both ends of
   * the link, so both directions get it, until the fault is closed or {@code atMost} has passed.
   */
  Fault shape(Duration atMost, String... qdisc) {
    addRootQdisc(List.of(), rootDevice, qdisc);
    addRootQdisc(List.of("ip", "netns", "exec", name), namespaceDevice, qdisc);
    return bounded(
        atMost,
        () -> {
          SystemCommand.run("tc", "qdisc", "del", "dev", rootDevice, "root");
          SystemCommand.run(
              "ip", "netns", "exec", name, "tc", "qdisc", "del", "dev", namespaceDevice, "root");
        });
  }

  /** Whether the kernel has the queueing discipline {@code kind} (e.g. {@code netem}). */
  SystemCommand.Result probeQdisc(String kind) {
    SystemCommand.Result added =
        SystemCommand.run("tc", "qdisc", "add", "dev", rootDevice, "root", kind);
    if (added.exitCode() == 0) {
      SystemCommand.check("tc", "qdisc", "del", "dev", rootDevice, "root");
    }
    return added;
  }

  private static void addRootQdisc(List<String> prefix, String device, String... qdisc) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("tc", "qdisc", "replace", "dev", device, "root"));
    command.addAll(List.of(qdisc));
    SystemCommand.check(command.toArray(String[]::new));
  }

  private Fault bounded(Duration atMost, Runnable undo) {
    AtomicBoolean undone = new AtomicBoolean();
    Fault fault =
        () -> {
          if (undone.compareAndSet(false, true)) {
            undo.run();
          }
        };
    timer.schedule(fault::close, atMost.toMillis(), TimeUnit.MILLISECONDS);
    return fault;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (Process process : processes) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Deleting the namespace deletes both ends of the veth pair and their qdiscs.
    SystemCommand.run("ip", "netns", "del", name);
    forwarders.forEach(TcpForwarder::close);
  }

  /** Removes the namespaces of test JVMs that no longer run. */
  private static void removeLeftovers() {
    for (String line : SystemCommand.check("ip", "netns", "list").split("\n")) {
      Matcher m = LEFTOVER.matcher(line.split(" ")[0]);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        SystemCommand.run("ip", "netns", "del", m.group());
      }
    }
  }

  /** A fault on the link; closing it (at the latest when its bound passes) undoes it. */
  interface Fault extends AutoCloseable {
    @Override
    void close();
  }
}

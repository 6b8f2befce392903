package dev.rivet.launcher.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds a lease, in enough detail for the holder's own host to prove it dead: the host name,
 * the pid namespace (two containers on one host can share a host name and a pid, never a pid
 * namespace), the pid and the process's start time (a pid reused by a later process has another).
 * Stored with the lease as {@code host=…;pidns=…;pid=…;start=…}.
 *
 * @param start null when the operating system does not say
 */
record HolderProcess(String host, String pidNamespace, long pid, Instant start) {
  private static final Path PID_NAMESPACE = Path.of("/proc/self/ns/pid");

  /** This process. */
  static HolderProcess current(String host) {
    ProcessHandle self = ProcessHandle.current();
    return new HolderProcess(
        host, currentPidNamespace(), self.pid(), self.info().startInstant().orElse(null));
  }

  /** The form stored with a lease. */
  String wire() {
    return "host="
        + host
        + ";pidns="
        + pidNamespace
        + ";pid="
        + pid
        + ";start="
        + (start == null ? "" : start.toString());
  }

  /** A stored holder; empty when there is none (a lease of an older Rivet) or it cannot be read. */
  static Optional<HolderProcess> parse(String wire) {
    if (wire == null) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : wire.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    try {
      String start = fields.getOrDefault("start", "");
      return Optional.of(
          new HolderProcess(
              fields.get("host"),
              fields.get("pidns"),
              Long.parseLong(fields.get("pid")),
              start.isEmpty() ? null : Instant.parse(start)));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Why this holder is provably no longer running, judged from {@code here} (this process): only
   * when both are on the same host in the same pid namespace, so that a pid means the same thing to
   * both. Empty when it may be running, or this process cannot tell (another host: its lease must
   * lapse by time).
   */
  Optional<String> provablyGone(HolderProcess here) {
    if (host == null
        || !host.equals(here.host)
        || pidNamespace == null
        || !pidNamespace.equals(here.pidNamespace)) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return Optional.of("no process " + pid + " is running on this host (" + host + ")");
    }
    Optional<Instant> started = process.get().info().startInstant();
    if (start != null && started.isPresent() && !sameSecond(start, started.get())) {
      return Optional.of(
          "pid "
              + pid
              + " on this host now belongs to a process started at "
              + started.get()
              + ", not the holder started at "
              + start);
    }
    return Optional.empty();
  }

  /** Start times read twice may differ below a second (clock ticks): compare whole seconds. */
  private static boolean sameSecond(Instant a, Instant b) {
    return Math.abs(a.getEpochSecond() - b.getEpochSecond()) <= 1;
  }

  private static String currentPidNamespace() {
    try {
      return Files.isSymbolicLink(PID_NAMESPACE)
          ? Files.readSymbolicLink(PID_NAMESPACE).toString()
          : "none";
    } catch (IOException | SecurityException e) {
      return "unknown";
    }
  }
}

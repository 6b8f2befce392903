package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.Lease;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's lease on one export: taken before the export is planned or resumed, renewed by a
 * daemon thread every third of its time to live, released on close. While it is held, every other
 * rivet process is refused the export; when this process dies without closing it, the lease lapses
 * after its time to live, and another process may then resume the unfinished run — at once when
 * that process runs on the same host and can prove this one dead ({@link HolderProcess}). Each
 * holder gets a new fencing token; this process checks it ({@link #fence()}) before it writes.
 */
public final class ExportLease implements AutoCloseable {
  /** The environment variable that sets the time to live in seconds; 60 when unset. */
  public static final String TTL_ENV = "RIVET_LEASE_TTL_SECONDS";

  static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  private static final long MIN_TTL_SECONDS = 3;
  private static final long MAX_TTL_SECONDS = 86_400;
  private static final Logger LOG = LoggerFactory.getLogger(ExportLease.class);

  private final StateStore store;
  private final String export;
  private final String holder;
  private final Duration ttl;
  private final Lease lease;
  private final ScheduledExecutorService renewer;
  private volatile boolean lost;

  private ExportLease(StateStore store, Lease lease, Duration ttl) {
    this.store = store;
    this.export = lease.export();
    this.holder = lease.holder();
    this.lease = lease;
    this.ttl = ttl;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "rivet-lease-" + export);
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, ttl.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease on {@code export} for this process ({@code host:pid}), with the time to live
   * {@value #TTL_ENV} sets.
   *
   * @throws RivetException of kind {@code STATE} naming the holder and the expiry when another
   *     process holds it
   */
  public static ExportLease acquire(StateStore store, String export) {
    return acquire(
        store, export, thisProcess(), HolderProcess.current(hostName()), ttl(System.getenv()));
  }

  static ExportLease acquire(StateStore store, String export, String holder, Duration ttl) {
    return acquire(store, export, holder, HolderProcess.current(hostName()), ttl);
  }

  static ExportLease acquire(
      StateStore store, String export, String holder, HolderProcess me, Duration ttl) {
    Lease lease = store.acquireLease(export, holder, me.wire(), ttl);
    if (!lease.isHeldBy(holder)) {
      lease = takeOverFromTheDead(store, lease, holder, me, ttl).orElse(lease);
    }
    if (!lease.isHeldBy(holder)) {
      throw new RivetException(
          FailureKind.STATE,
          "export '"
              + export
              + "' is being run by another rivet process, "
              + lease.holder()
              + " (since "
              + lease.acquiredAt()
              + "); its lease expires at "
              + lease.expiresAt()
              + " unless that process renews it",
          "wait for that run to finish; if that process is gone (crashed or killed), its lease"
              + " lapses by itself at "
              + lease.expiresAt()
              + ", and running the export again then resumes the unfinished run. `rivet state"
              + " leases` shows every lease");
    }
    LOG.debug(
        "export {}: lease taken by {} until {} (token {})",
        export,
        holder,
        lease.expiresAt(),
        lease.token());
    return new ExportLease(store, lease, ttl);
  }

  /**
   * Takes over a lease at once, without waiting for it to lapse, when its holder ran on this host
   * and provably no longer runs (killed with -9, crashed): recorded in the log with how it is
   * known.
   */
  private static Optional<Lease> takeOverFromTheDead(
      StateStore store, Lease theirs, String holder, HolderProcess me, Duration ttl) {
    Optional<String> gone =
        HolderProcess.parse(theirs.holderProcess()).flatMap(p -> p.provablyGone(me));
    if (gone.isEmpty()) {
      return Optional.empty();
    }
    Optional<Lease> taken = store.takeOverLease(theirs, holder, me.wire(), ttl);
    taken.ifPresent(
        lease ->
            LOG.warn(
                "export {}: took over the lease of {} at once, without waiting for it to lapse at"
                    + " {}: {}",
                theirs.export(),
                theirs.holder(),
                theirs.expiresAt(),
                gone.get()));
    return taken;
  }

  /** What this process checks before it writes: that it still holds this lease. */
  public LeaseFence fence() {
    return lease.fence();
  }

  /**
   * The time to live from {@value #TTL_ENV}, or 60 s.
   *
   * @throws RivetException of kind {@code USER_CONFIG} when it is not whole seconds in range
   */
  static Duration ttl(Map<String, String> env) {
    String text = env.get(TTL_ENV);
    if (text == null || text.isBlank()) {
      return DEFAULT_TTL;
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds >= MIN_TTL_SECONDS && seconds <= MAX_TTL_SECONDS) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Reported below with the valid range.
    }
    throw new RivetException(
        FailureKind.USER_CONFIG,
        "environment variable "
            + TTL_ENV
            + ": '"
            + text
            + "' is not a whole number of seconds from "
            + MIN_TTL_SECONDS
            + " to "
            + MAX_TTL_SECONDS,
        "set it to e.g. 60 (the default), or unset it");
  }

  /** Who this process is to other rivet processes: {@code host:pid}. */
  static String thisProcess() {
    return hostName() + ":" + ProcessHandle.current().pid();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
  }

  /** Whether a renewal found the lease taken by another holder. */
  boolean isLost() {
    return lost;
  }

  private void renew() {
    try {
      if (!store.renewLease(export, holder, ttl)) {
        lost = true;
        LOG.error(
            "export {}: this process ({}) lost its lease: it expired and another rivet process"
                + " may be running the export now",
            export,
            holder);
        renewer.shutdown();
      }
    } catch (RuntimeException e) {
      // The next attempt may get through; the lease lasts three renewal periods.
      LOG.warn("export {}: could not renew the lease: {}", export, e.getMessage());
    }
  }

  /**
   * Stops renewing and releases the lease.
   *
   * @throws RivetException of kind {@code STATE} when the lease was lost while held: another
   *     process may have run the export at the same time
   */
  @Override
  public void close() {
    renewer.shutdown();
    try {
      renewer.awaitTermination(ttl.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store.releaseLease(export, holder);
    } catch (RuntimeException e) {
      LOG.warn(
          "export {}: could not release the lease; it lapses by itself within {} s: {}",
          export,
          ttl.toSeconds(),
          e.getMessage());
    }
    if (lost) {
      throw new RivetException(
          FailureKind.STATE,
          "export '"
              + export
              + "': this process lost its lease while running it (it was not renewed within "
              + ttl.toSeconds()
              + " s), so another rivet process may have run it at the same time",
          "check `rivet state runs --export "
              + export
              + "` and the run folders; keep the state store reachable, or raise "
              + TTL_ENV);
    }
  }
}

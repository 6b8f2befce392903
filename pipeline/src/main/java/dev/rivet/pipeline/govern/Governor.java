package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's governor in one process: registers the run's {@link ReadGate}, and when the export sets
 * a source threshold, probes the source every {@link #INTERVAL} on a connection of its own (the
 * latency of {@link Dialect#probeSql}, and the replica lag when {@code max_replica_lag} is set),
 * applies {@link GovernorPolicy}'s decision to the gate and logs it. A probe that fails, or a
 * connection that cannot be opened, is logged and counted, never fails the run. Closing it stops
 * the probe and unregisters the gate.
 */
public final class Governor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Governor.class);

  /** Time between two probes. */
  static final Duration INTERVAL = Duration.ofSeconds(2);

  private final ExportPlan plan;
  private final SourceConnection source;
  private final GovernorPolicy policy;
  private final ReadGate gate;
  private final Duration interval;
  private final ExecutorService probes;
  private final Thread loop;
  private volatile boolean running = true;
  private volatile Connection connection;
  private long samples;
  private long probeFailures;
  private long slowdowns;
  private long pauses;
  private long resumes;
  private long pausedMillis;
  private long pausedSince = -1;

  private Governor(ExportPlan plan, SourceConnection source, Duration interval) {
    this.plan = plan;
    this.source = source;
    this.interval = interval;
    GovernorSettings settings = plan.export().governor();
    this.policy = new GovernorPolicy(settings);
    this.gate = new ReadGate(plan.parallelism(), settings);
    ReadGate.register(plan.runId(), gate);
    if (settings.watchesSource()) {
      String name = "rivet-governor-" + plan.export().name();
      probes = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-probe"));
      loop = daemon(this::watch, name);
      loop.start();
    } else {
      probes = null;
      loop = null;
    }
  }

  /**
   * Starts the governor of {@code plan}'s run; null when the export sets neither a threshold nor a
   * rate limit (nothing to govern).
   */
  public static Governor start(ExportPlan plan, SourceConnection source) {
    return start(plan, source, INTERVAL);
  }

  static Governor start(ExportPlan plan, SourceConnection source, Duration interval) {
    GovernorSettings settings = plan.export().governor();
    if (!settings.active()) {
      return null;
    }
    GovernorSettings s = settings;
    LOG.info(
        "governor: export {}: {}",
        plan.export().name(),
        (s.maxSourceLatencyMillis() > 0
                ? "max_source_latency " + s.maxSourceLatencyMillis() + " ms, "
                : "")
            + (s.maxReplicaLagMillis() > 0
                ? "max_replica_lag " + s.maxReplicaLagMillis() + " ms, "
                : "")
            + (s.maxRowsPerSecond() > 0 ? "max_rows_per_second " + s.maxRowsPerSecond() + ", " : "")
            + (s.maxBytesPerSecond() > 0
                ? "max_bytes_per_second " + s.maxBytesPerSecond() + ", "
                : "")
            + (s.watchesSource()
                ? "probing the source every " + interval.toSeconds() + " s"
                : "no probe"));
    return new Governor(plan, source, interval);
  }

  /** The gate this governor drives. */
  ReadGate gate() {
    return gate;
  }

  /** What the governor did so far. */
  public synchronized GovernorReport report() {
    long paused = pausedMillis;
    if (pausedSince >= 0) {
      paused += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedSince);
    }
    return new GovernorReport(
        samples, probeFailures, slowdowns, pauses, resumes, paused, gate.throttledMillis());
  }

  @Override
  public void close() {
    running = false;
    if (loop != null) {
      loop.interrupt();
      abortConnection();
      probes.shutdownNow();
      try {
        loop.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    gate.apply(GovernorState.NORMAL);
    ReadGate.unregister(plan.runId());
    GovernorReport report = report();
    LOG.info(
        "governor: export {}: {} probe(s), {} failed; {} slowdown(s), {} pause(s), {} resume(s);"
            + " paused {} ms, readers waited {} ms for the rate limits",
        plan.export().name(),
        report.samples(),
        report.probeFailures(),
        report.slowdowns(),
        report.pauses(),
        report.resumes(),
        report.pausedMillis(),
        report.throttledMillis());
  }

  private void watch() {
    // Its lines name the export and run like the readers' do.
    try (LogContext.Scope log = LogContext.run(plan.export().name(), plan.runId())) {
      watchSamples();
    }
  }

  private void watchSamples() {
    Future<Sample> inFlight = null;
    long probeStarted = 0;
    // Long enough that a probe still running is clearly over the latency threshold.
    long maxLatency = policy.settings().maxSourceLatencyMillis();
    long waitMillis =
        maxLatency > 0 ? Math.min(interval.toMillis(), 2 * maxLatency) : interval.toMillis();
    while (running) {
      Sample sample;
      if (inFlight == null) {
        probeStarted = System.nanoTime();
        inFlight = probes.submit(this::probe);
      }
      try {
        sample = inFlight.get(waitMillis, TimeUnit.MILLISECONDS);
        inFlight = null;
      } catch (TimeoutException e) {
        // Still waiting: its latency so far is a measurement too (a probe behind a lock never
        // returns while the lock is held).
        sample = new Sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeStarted), -1);
      } catch (ExecutionException e) {
        inFlight = null;
        sample = Sample.NONE;
        failed(e.getCause());
      } catch (InterruptedException e) {
        return;
      }
      decide(sample);
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void decide(Sample sample) {
    samples++;
    GovernorState current = gate.state();
    Decision decision = policy.decide(current, sample);
    LOG.debug("governor: export {}: {} -> {}", plan.export().name(), sample, decision);
    switch (decision.action()) {
      case SLOW_DOWN:
        slowdowns++;
        LOG.warn(
            "governor: export {}: {}: slowing down (at most {} reader(s) at once, {} ms pause"
                + " after each fetch batch)",
            plan.export().name(),
            decision.reason(),
            Math.max(1, plan.parallelism() / 2),
            ReadGate.SLOWED_BATCH_PAUSE_MILLIS);
        break;
      case PAUSE:
        pauses++;
        pausedSince = System.nanoTime();
        LOG.warn(
            "governor: export {}: {}: pausing (no new chunk starts; reads in flight wait between"
                + " fetch batches) until the source recovers",
            plan.export().name(),
            decision.reason());
        break;
      case RESUME:
        resumes++;
        if (pausedSince >= 0) {
          pausedMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedSince);
          pausedSince = -1;
        }
        LOG.info(
            "governor: export {}: {}: resuming at parallelism {}",
            plan.export().name(),
            decision.reason(),
            plan.parallelism());
        break;
      default:
        return;
    }
    gate.apply(decision.next());
  }

  private synchronized void failed(Throwable cause) {
    probeFailures++;
    LOG.warn(
        "governor: export {}: probe of the source failed ({}); the run goes on as it is",
        plan.export().name(),
        cause == null ? "unknown" : cause.getMessage());
    abortConnection();
  }

  /** One probe: the timed probe statement, then the replica lag when a threshold asks for it. */
  private Sample probe() throws SQLException {
    Dialect dialect = Dialect.of(plan.source());
    Connection c = connection;
    if (c == null || c.isClosed()) {
      c = SourceConnector.open(source);
      c.setAutoCommit(true);
      connection = c;
    }
    long started = System.nanoTime();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.probeSql(plan.export().relation()))) {
      while (rs.next()) {
        // WHERE 1 = 0: no row; SELECT 1: one.
      }
    }
    long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    long lag = -1;
    if (policy.settings().maxReplicaLagMillis() > 0) {
      OptionalDouble seconds = dialect.replicaLagSeconds(c);
      if (seconds.isPresent()) {
        lag = Math.round(seconds.getAsDouble() * 1000);
      }
    }
    return new Sample(latency, lag);
  }

  private void abortConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        LOG.debug("governor: closing the probe connection failed: {}", e.getMessage());
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

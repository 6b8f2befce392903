package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.logging.LogContext;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
 * judges the last {@link #WINDOW} samples ({@link LatencyWindow}) with {@link GovernorPolicy}, sets
 * the gate's state and rate, and has its {@link DecisionLog} log and count each decision. A
 * relative latency threshold ({@code 2x}) is resolved once, before the run reads: the {@link
 * LatencyWindow#PERCENTILE}th percentile of {@link #BASELINE_PROBES} probes, times the factor, at
 * least {@link #MIN_THRESHOLD_MICROS}; it is measured again when the source stays over it while the
 * run reads at its lowest rate for {@link #REBASE_DECISIONS} decisions in a row ({@link
 * GovernorPolicy#busyOnItsOwn}): the latency is then the source's own load, which reading slower
 * cannot lower, and a run judged against a baseline taken in a quiet moment would otherwise crawl
 * at its lowest rate to the end. A probe that fails, or a connection that cannot be opened, is
 * logged and counted, never fails the run. Closing it stops the probe and unregisters the gate.
 */
public final class Governor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Governor.class);

  /** Time between two probes: often enough to see a latency tail, one trivial query each. */
  static final Duration INTERVAL = Duration.ofMillis(200);

  /** Samples judged together: two seconds at {@link #INTERVAL}. */
  static final int WINDOW = 10;

  /** Samples a decision needs since the last change of state or rate. */
  static final int MIN_SAMPLES = 5;

  /** Probes that measure the baseline of a relative threshold. */
  static final int BASELINE_PROBES = 10;

  /** Time between two baseline probes. */
  static final long BASELINE_SPACING_MILLIS = 20;

  /**
   * The lowest relative threshold in force: below it, a loopback probe's scheduling jitter is not
   * harm.
   */
  static final long MIN_THRESHOLD_MICROS = 500;

  /**
   * A run the source estimates at fewer rows than this gets no probe when a relative latency
   * threshold is all its governor would watch: it is read in about a second, before the governor
   * has its baseline and the samples it judges on, so the probe would only add a connection and the
   * baseline's wait (the default profile's small exports).
   */
  static final long SHORT_RUN_ROWS = ExportPlan.SHORT_RUN_ROWS;

  /**
   * Decisions in a row that find the source over a relative threshold while the run reads at its
   * lowest rate before the threshold is measured again: two full windows, so that every sample
   * judged was taken at that rate.
   */
  static final int REBASE_DECISIONS = 2 * WINDOW;

  /** The ceiling when the run has not read long enough to measure its free rate. */
  static final long MIN_CEILING_ROWS_PER_SECOND = 10_000;

  private final ExportPlan plan;
  private final ReadGate gate;
  private final Duration interval;
  private final ExecutorService probes;
  private final Thread loop;
  private final LatencyWindow window = new LatencyWindow(WINDOW);
  private final Deque<long[]> reads = new ArrayDeque<>();
  private long baselineMicros;
  private GovernorPolicy policy;
  private int busyOnItsOwn;
  private final DecisionLog decisions;
  private volatile boolean running = true;
  private final SourceProbe sourceProbe;
  private long samples;
  private long probeFailures;
  private long rate;
  private long freeRate;

  private Governor(ExportPlan plan, SourceConnection source, Duration interval) {
    this.plan = plan;
    this.sourceProbe = new SourceProbe(plan, source);
    this.interval = interval;
    this.decisions = new DecisionLog(plan);
    GovernorSettings settings = plan.export().governor();
    this.gate = new ReadGate(plan.parallelism(), settings);
    ReadGate.register(plan.runId(), gate);
    this.baselineMicros = settings.maxSourceLatencyFactor() > 0 ? measureBaseline() : -1;
    this.policy =
        baselineMicros >= 0
            ? GovernorPolicy.relative(settings, baselineMicros, MIN_THRESHOLD_MICROS)
            : new GovernorPolicy(settings);
    if (baselineMicros >= 0) {
      LOG.info(
          "governor: export {}: baseline probe latency p{} {} over {} probes before reading:"
              + " max_source_latency {}",
          plan.export().name(),
          LatencyWindow.PERCENTILE,
          GovernorPolicy.millis(baselineMicros),
          BASELINE_PROBES,
          policy.thresholdText());
    }
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
   * rate limit (nothing to govern). With a relative latency threshold it first measures the
   * baseline, which takes about {@link #BASELINE_PROBES} × {@link #BASELINE_SPACING_MILLIS} ms.
   */
  public static Governor start(ExportPlan plan, SourceConnection source) {
    return start(plan, source, INTERVAL);
  }

  static Governor start(ExportPlan plan, SourceConnection source, Duration interval) {
    GovernorSettings settings = plan.export().governor();
    if (!settings.active()) {
      return null;
    }
    if (tooShortToJudge(plan)) {
      LOG.info(
          "governor: export {}: not probing the source: {} estimated rows (under {}) are read"
              + " before a relative max_source_latency ({}) could be judged",
          plan.export().name(),
          plan.estimatedRows(),
          SHORT_RUN_ROWS,
          settings.sourceLatency().describe());
      return null;
    }
    GovernorSettings s = settings;
    LOG.info(
        "governor: export {}: {}",
        plan.export().name(),
        (s.sourceLatency().isOn()
                ? "max_source_latency " + s.sourceLatency().describe() + ", "
                : "")
            + (s.maxReplicaLagMillis() > 0
                ? "max_replica_lag " + s.maxReplicaLagMillis() + " ms, "
                : "")
            + (s.maxRowsPerSecond() > 0 ? "max_rows_per_second " + s.maxRowsPerSecond() + ", " : "")
            + (s.maxBytesPerSecond() > 0
                ? "max_bytes_per_second " + s.maxBytesPerSecond() + ", "
                : "")
            + (s.watchesSource()
                ? "probing the source every " + interval.toMillis() + " ms"
                : "no probe"));
    return new Governor(plan, source, interval);
  }

  /**
   * Whether {@code plan}'s governor would only watch a relative latency threshold (no replica lag,
   * no rate limit) over a run the source estimates under {@link #SHORT_RUN_ROWS} rows.
   */
  static boolean tooShortToJudge(ExportPlan plan) {
    GovernorSettings settings = plan.export().governor();
    return settings.maxSourceLatencyFactor() > 0
        && settings.maxReplicaLagMillis() == 0
        && !settings.limitsRate()
        && plan.estimatedRows() >= 0
        && plan.estimatedRows() < SHORT_RUN_ROWS;
  }

  /** The gate this governor drives. */
  ReadGate gate() {
    return gate;
  }

  /** The decisions that changed something, in order. */
  synchronized List<Decision.Action> history() {
    return decisions.history();
  }

  /** What the governor did so far. */
  public synchronized GovernorReport report() {
    return new GovernorReport(
        samples,
        probeFailures,
        decisions.slowdowns(),
        decisions.pauses(),
        decisions.resumes(),
        decisions.pausedMillis(System.nanoTime()),
        gate.throttledMillis(),
        decisions.speedups(),
        baselineMicros,
        policy.latencyThresholdMicros(),
        decisions.lowestRate(),
        decisions.rebaselines());
  }

  @Override
  public void close() {
    running = false;
    if (loop != null) {
      loop.interrupt();
      sourceProbe.abort();
      probes.shutdownNow();
      try {
        loop.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    gate.apply(GovernorState.NORMAL, 0);
    ReadGate.unregister(plan.runId());
    GovernorReport report = report();
    LOG.info(
        "governor: export {}: {} probe(s), {} failed; {} slowdown(s), {} speed-up(s), {} pause(s),"
            + " {} resume(s), {} re-baseline(s); lowest rate {} rows/s; paused {} ms, readers"
            + " waited {} ms for the rate limits; latency threshold {}",
        plan.export().name(),
        report.samples(),
        report.probeFailures(),
        report.slowdowns(),
        report.speedups(),
        report.pauses(),
        report.resumes(),
        report.rebaselines(),
        report.lowestRowsPerSecond(),
        report.pausedMillis(),
        report.throttledMillis(),
        report.latencyThresholdMicros() == 0
            ? "off"
            : GovernorPolicy.millis(report.latencyThresholdMicros())
                + (report.baselineLatencyMicros() < 0
                    ? ""
                    : " (baseline " + GovernorPolicy.millis(report.baselineLatencyMicros()) + ")"));
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
    while (running) {
      long waitMillis = probeWaitMillis();
      Sample sample;
      if (inFlight == null) {
        probeStarted = System.nanoTime();
        inFlight = probes.submit(sourceProbe::sample);
      }
      try {
        sample = inFlight.get(waitMillis, TimeUnit.MILLISECONDS);
        inFlight = null;
      } catch (TimeoutException e) {
        // Still waiting: its latency so far is a measurement too (a probe behind a lock never
        // returns while the lock is held).
        sample = new Sample(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - probeStarted), -1);
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

  /**
   * How long the loop waits for a probe before it counts the probe's latency so far as a sample:
   * long enough that a probe still running is clearly over the latency threshold.
   */
  private synchronized long probeWaitMillis() {
    long maxLatency = policy.latencyThresholdMicros() / 1_000;
    return maxLatency > 0
        ? Math.max(1, Math.min(interval.toMillis(), 2 * maxLatency))
        : interval.toMillis();
  }

  private synchronized void decide(Sample sample) {
    samples++;
    long rows = gate.rowsRead();
    long now = System.nanoTime();
    reads.addLast(new long[] {now, rows});
    while (reads.size() > WINDOW) {
      reads.removeFirst();
    }
    GovernorState current = gate.state();
    if (current == GovernorState.NORMAL) {
      freeRate = Math.max(freeRate, observedRate());
    }
    window.add(sample);
    if (window.size() < MIN_SAMPLES) {
      return;
    }
    long limit = policy.settings().maxRowsPerSecond();
    long ceiling = limit > 0 ? limit : Math.max(MIN_CEILING_ROWS_PER_SECOND, freeRate);
    Sample judged = window.judged();
    if (policy.busyOnItsOwn(current, rate, ceiling, judged)) {
      if (++busyOnItsOwn >= REBASE_DECISIONS) {
        rebase(judged);
        return;
      }
    } else {
      busyOnItsOwn = 0;
    }
    Decision decision = policy.decide(current, rate, ceiling, judged);
    LOG.debug("governor: export {}: {} -> {}", plan.export().name(), judged, decision);
    if (decision.action() == Decision.Action.HOLD) {
      return;
    }
    decisions.record(decision, now);
    if (decision.action() != Decision.Action.SPEED_UP) {
      // The next decision judges samples taken at the new rate only.
      window.clear();
    }
    rate = decision.rowsPerSecond();
    gate.apply(decision.next(), rate);
  }

  /**
   * Measures a relative threshold again: {@code judged}'s latency, taken while the run read at its
   * lowest rate, is the new baseline. The run's state and rate stay; the next decisions judge new
   * samples against the new threshold.
   */
  private void rebase(Sample judged) {
    String before = policy.thresholdText();
    baselineMicros = judged.latencyMicros();
    policy = policy.rebased(baselineMicros, MIN_THRESHOLD_MICROS);
    busyOnItsOwn = 0;
    window.clear();
    decisions.rebased(before, REBASE_DECISIONS, rate, baselineMicros, policy.thresholdText());
  }

  /** Rows per second the run read over the last {@link #WINDOW} probes. */
  private long observedRate() {
    if (reads.size() < 2) {
      return 0;
    }
    long[] first = reads.peekFirst();
    long[] last = reads.peekLast();
    long nanos = last[0] - first[0];
    return nanos <= 0 ? 0 : (last[1] - first[1]) * 1_000_000_000L / nanos;
  }

  /**
   * The {@link LatencyWindow#PERCENTILE}th percentile latency of {@link #BASELINE_PROBES} probes
   * before the run reads, in microseconds; -1 when they failed (the latency threshold is then off
   * for this run, the lag threshold still holds).
   */
  private long measureBaseline() {
    long[] latencies = new long[BASELINE_PROBES];
    try {
      sourceProbe.sample(); // opens the connection; not measured
      for (int i = 0; i < BASELINE_PROBES; i++) {
        Thread.sleep(BASELINE_SPACING_MILLIS);
        latencies[i] = sourceProbe.sample().latencyMicros();
      }
    } catch (SQLException | RuntimeException e) {
      failed(e);
      LOG.warn(
          "governor: export {}: could not measure the baseline of max_source_latency {}; the run"
              + " reads without a latency threshold",
          plan.export().name(),
          plan.export().governor().sourceLatency().describe());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    return LatencyWindow.percentile(latencies, LatencyWindow.PERCENTILE);
  }

  private synchronized void failed(Throwable cause) {
    probeFailures++;
    LOG.warn(
        "governor: export {}: probe of the source failed ({}); the run goes on as it is",
        plan.export().name(),
        cause == null ? "unknown" : cause.getMessage());
    sourceProbe.abort();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}

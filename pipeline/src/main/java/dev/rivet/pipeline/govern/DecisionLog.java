package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.ExportPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run's governor decided: each decision that changed something is logged once (speed-ups
 * at most every {@link #SPEED_UP_LOG_MILLIS}) and counted for the run's {@link GovernorReport}.
 * When to decide and what is judged is {@link Governor}'s business, the rule {@link
 * GovernorPolicy}'s. Not thread-safe: the governor's lock guards it.
 */
final class DecisionLog {
  private static final Logger LOG = LoggerFactory.getLogger(Governor.class);

  /** Speed-ups are logged at most this often (each one is counted). */
  static final long SPEED_UP_LOG_MILLIS = 5_000;

  /** Decisions kept in order for {@link #history}. */
  private static final int MAX_HISTORY = 10_000;

  private final String export;
  private final int parallelism;
  private final List<Decision.Action> history = new ArrayList<>();
  private long slowdowns;
  private long speedups;
  private long pauses;
  private long resumes;
  private long rebaselines;
  private long pausedMillis;
  private long pausedSince = -1;
  private long lowestRate;
  private long speedUpsUnlogged;
  private long speedUpLoggedAt;

  DecisionLog(ExportPlan plan) {
    this.export = plan.export().name();
    this.parallelism = plan.parallelism();
  }

  /** Logs and counts {@code decision}, taken at {@code nowNanos}; a HOLD changes nothing. */
  void record(Decision decision, long nowNanos) {
    switch (decision.action()) {
      case SLOW_DOWN:
        slowdowns++;
        LOG.warn(
            "governor: export {}: {}: slowing down to {} rows/s (at most {} reader(s) at once)",
            export,
            decision.reason(),
            decision.rowsPerSecond(),
            Math.max(1, parallelism / 2));
        break;
      case SPEED_UP:
        speedups++;
        speedUpsUnlogged++;
        if (nowNanos - speedUpLoggedAt >= TimeUnit.MILLISECONDS.toNanos(SPEED_UP_LOG_MILLIS)) {
          LOG.info(
              "governor: export {}: {}: speeding up to {} rows/s ({} speed-up(s) since the last"
                  + " such line)",
              export,
              decision.reason(),
              decision.rowsPerSecond(),
              speedUpsUnlogged);
          speedUpLoggedAt = nowNanos;
          speedUpsUnlogged = 0;
        }
        break;
      case PAUSE:
        pauses++;
        pausedSince = nowNanos;
        LOG.warn(
            "governor: export {}: {}: pausing (no new chunk starts; reads in flight wait between"
                + " fetch batches) until the source recovers",
            export,
            decision.reason());
        break;
      case RESUME:
        resumes++;
        if (pausedSince >= 0) {
          pausedMillis += TimeUnit.NANOSECONDS.toMillis(nowNanos - pausedSince);
          pausedSince = -1;
        }
        if (decision.next() == GovernorState.NORMAL) {
          LOG.info(
              "governor: export {}: {}: resuming at full rate, parallelism {}",
              export,
              decision.reason(),
              parallelism);
        } else {
          LOG.info(
              "governor: export {}: {}: resuming at {} rows/s",
              export,
              decision.reason(),
              decision.rowsPerSecond());
        }
        break;
      default:
        return;
    }
    remember(decision.action());
    long rate = decision.rowsPerSecond();
    if (rate > 0) {
      lowestRate = lowestRate == 0 ? rate : Math.min(lowestRate, rate);
    }
  }

  /**
   * Logs and counts a relative threshold measured again: it was {@code before}, the probe stayed
   * over it for {@code decisions} decisions while the run read at {@code rate} rows per second, its
   * lowest; the new baseline is {@code baselineMicros} and the threshold {@code after}.
   */
  void rebased(String before, int decisions, long rate, long baselineMicros, String after) {
    rebaselines++;
    remember(Decision.Action.REBASE);
    LOG.warn(
        "governor: export {}: probe latency p{} stayed over max_source_latency {} for {} probes"
            + " while the run read at its lowest rate ({} rows/s): the source is slower than when"
            + " the run started, on its own; new baseline {}: max_source_latency {}",
        export,
        LatencyWindow.PERCENTILE,
        before,
        decisions,
        rate,
        GovernorPolicy.millis(baselineMicros),
        after);
  }

  /** The decisions that changed something, in order (the first {@link #MAX_HISTORY}). */
  List<Decision.Action> history() {
    return List.copyOf(history);
  }

  long slowdowns() {
    return slowdowns;
  }

  long speedups() {
    return speedups;
  }

  long pauses() {
    return pauses;
  }

  long resumes() {
    return resumes;
  }

  long rebaselines() {
    return rebaselines;
  }

  /** The lowest rate a decision set; 0 when none did. */
  long lowestRate() {
    return lowestRate;
  }

  /** Time spent paused, a pause still going on at {@code nowNanos} included. */
  long pausedMillis(long nowNanos) {
    return pausedSince < 0
        ? pausedMillis
        : pausedMillis + TimeUnit.NANOSECONDS.toMillis(nowNanos - pausedSince);
  }

  private void remember(Decision.Action action) {
    if (history.size() < MAX_HISTORY) {
      history.add(action);
    }
  }
}

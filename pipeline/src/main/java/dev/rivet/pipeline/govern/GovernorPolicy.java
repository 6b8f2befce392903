package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.GovernorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The governor's rule, a pure function of the thresholds, the current state and rate, and the
 * judged window of samples: additive increase, multiplicative decrease of the read rate. A window
 * over any threshold halves the rate (the first time, half the rate measured while reading freely);
 * at the lowest rate, or {@link #SEVERE_FACTOR} times over a threshold, a slowed run pauses. A
 * slowed run within every threshold gains {@link #INCREASE_FRACTION} of its ceiling per decision,
 * and reads freely again once it reaches the ceiling. A paused run resumes at its last rate only
 * when every value is at most half its threshold (the hysteresis keeps a source behind a lock from
 * flapping the run). A window that measured nothing changes nothing.
 *
 * @param settings the export's thresholds and limits
 * @param latencyThresholdMicros the probe latency threshold in force (absolute, or the relative
 *     factor times the baseline measured at the start); 0 when off
 * @param latencyRecoveredMicros the probe latency at most which a paused run counts as recovered:
 *     half an absolute threshold; halfway between the baseline and a relative one
 */
public record GovernorPolicy(
    GovernorSettings settings, long latencyThresholdMicros, long latencyRecoveredMicros) {
  /** A value at most this fraction of its threshold counts as recovered. */
  static final double RECOVERED_FRACTION = 0.5;

  /** The fraction of the rate a slowdown keeps. */
  static final double DECREASE_FACTOR = 0.5;

  /** The fraction of the ceiling a speed-up adds. */
  static final double INCREASE_FRACTION = 0.05;

  /** The lowest rate, as a fraction of the ceiling. */
  static final double FLOOR_FRACTION = 0.1;

  /** A value this many times its threshold pauses a slowed run. */
  static final double SEVERE_FACTOR = 4;

  /**
   * A probe latency under this never pauses a run whose threshold is relative: a threshold derived
   * from a sub-millisecond loopback baseline is crossed four times over by a busy machine's
   * scheduling alone, and such a run reads on at the lowest rate instead; a probe waiting behind a
   * lock soon passes it.
   */
  static final long SEVERE_MIN_MICROS = 100_000;

  /** The policy of absolute thresholds only. */
  public GovernorPolicy(GovernorSettings settings) {
    this(settings, settings.maxSourceLatencyMillis() * 1_000);
  }

  /** The policy with {@code latencyThresholdMicros} in force, recovered at half of it. */
  public GovernorPolicy(GovernorSettings settings, long latencyThresholdMicros) {
    this(settings, latencyThresholdMicros, Math.round(latencyThresholdMicros * RECOVERED_FRACTION));
  }

  /**
   * The policy of a relative threshold: {@code factor} times {@code baselineMicros}, at least
   * {@code minMicros}; recovered halfway between the baseline and the threshold.
   */
  static GovernorPolicy relative(GovernorSettings settings, long baselineMicros, long minMicros) {
    double factor = settings.maxSourceLatencyFactor();
    long threshold = Math.max(minMicros, Math.round(baselineMicros * factor));
    long base = Math.round(threshold / factor);
    return new GovernorPolicy(settings, threshold, (base + threshold) / 2);
  }

  /**
   * This policy with its relative threshold measured again: {@code baselineMicros} is the source's
   * latency now, with the run reading at its lowest rate ({@link #busyOnItsOwn}). An absolute
   * threshold has no baseline: the policy stays as it is.
   */
  GovernorPolicy rebased(long baselineMicros, long minMicros) {
    if (settings.maxSourceLatencyFactor() <= 0) {
      return this;
    }
    return relative(settings, baselineMicros, minMicros);
  }

  /**
   * Whether {@code judged} shows the source over a relative latency threshold that this run cannot
   * bring it under: the run already reads at its lowest rate ({@link #floor} of {@code ceiling}, a
   * tenth of its free rate), and the latency is over the threshold but not severe (a probe behind a
   * lock pauses the run instead). The latency is then the source's own load, not the run's.
   */
  boolean busyOnItsOwn(GovernorState current, long rate, long ceiling, Sample judged) {
    return settings.maxSourceLatencyFactor() > 0
        && current == GovernorState.SLOWED
        && rate > 0
        && rate <= floor(ceiling)
        && judged.latencyMicros() > latencyThresholdMicros
        && !severeLatency(judged.latencyMicros());
  }

  /**
   * Whether a probe latency is far enough over the threshold to pause a slowed run: {@link
   * #SEVERE_FACTOR} times it, and with a relative threshold also at least {@link
   * #SEVERE_MIN_MICROS} (a probe behind a lock, not a busy machine).
   */
  private boolean severeLatency(long latencyMicros) {
    return latencyMicros > latencyThresholdMicros * SEVERE_FACTOR
        && (settings.maxSourceLatencyFactor() <= 0 || latencyMicros >= SEVERE_MIN_MICROS);
  }

  /** The lowest rate the governor sets under {@code ceiling}. */
  static long floor(long ceiling) {
    return Math.max(1, Math.round(ceiling * FLOOR_FRACTION));
  }

  /**
   * The decision after {@code judged} for a run reading in {@code current} at {@code rate} rows per
   * second (0: no governed rate), whose full rate is {@code ceiling} rows per second.
   */
  public Decision decide(GovernorState current, long rate, long ceiling, Sample judged) {
    List<String> over = new ArrayList<>();
    List<String> within = new ArrayList<>();
    boolean recovered = true;
    boolean severe = false;
    boolean measured = false;
    if (latencyThresholdMicros > 0 && judged.latencyMicros() >= 0) {
      measured = true;
      String text =
          "probe latency p"
              + LatencyWindow.PERCENTILE
              + " "
              + millis(judged.latencyMicros())
              + ", max_source_latency "
              + thresholdText();
      (judged.latencyMicros() > latencyThresholdMicros ? over : within).add(text);
      recovered &= judged.latencyMicros() <= latencyRecoveredMicros;
      severe |= severeLatency(judged.latencyMicros());
    }
    long maxLag = settings.maxReplicaLagMillis();
    if (maxLag > 0 && judged.lagMillis() >= 0) {
      measured = true;
      String text = "replica lag " + judged.lagMillis() + " ms, max_replica_lag " + maxLag + " ms";
      (judged.lagMillis() > maxLag ? over : within).add(text);
      recovered &= judged.lagMillis() <= maxLag * RECOVERED_FRACTION;
      severe |= judged.lagMillis() > maxLag * SEVERE_FACTOR;
    }
    if (!measured) {
      return hold(current, rate);
    }
    long floor = floor(ceiling);
    if (!over.isEmpty()) {
      String reason = String.join("; ", over);
      switch (current) {
        case NORMAL:
          return new Decision(
              Decision.Action.SLOW_DOWN,
              GovernorState.SLOWED,
              Math.max(floor, Math.round(ceiling * DECREASE_FACTOR)),
              reason);
        case SLOWED:
          if (severe) {
            return new Decision(Decision.Action.PAUSE, GovernorState.PAUSED, rate, reason);
          }
          if (rate <= floor) {
            // Over, but not far: a busy source, not one the run blocks. It reads on at the floor.
            return new Decision(Decision.Action.HOLD, current, rate, reason);
          }
          return new Decision(
              Decision.Action.SLOW_DOWN,
              GovernorState.SLOWED,
              Math.max(floor, Math.round(rate * DECREASE_FACTOR)),
              reason);
        default:
          return new Decision(Decision.Action.HOLD, current, rate, reason);
      }
    }
    String reason = String.join("; ", within);
    switch (current) {
      case PAUSED:
        if (recovered) {
          return new Decision(
              Decision.Action.RESUME,
              GovernorState.SLOWED,
              rate,
              reason
                  + " (recovered: at most half of each threshold, or halfway to a relative one)");
        }
        return hold(current, rate);
      case SLOWED:
        long raised = rate + Math.max(1, Math.round(ceiling * INCREASE_FRACTION));
        if (raised >= ceiling) {
          return new Decision(Decision.Action.RESUME, GovernorState.NORMAL, 0, reason);
        }
        return new Decision(Decision.Action.SPEED_UP, GovernorState.SLOWED, raised, reason);
      default:
        return hold(current, rate);
    }
  }

  /** The latency threshold as configured, and in force when relative: {@code 2x = 0.84 ms}. */
  String thresholdText() {
    if (settings.maxSourceLatencyFactor() > 0) {
      return settings.sourceLatency().describe() + " = " + millis(latencyThresholdMicros);
    }
    return millis(latencyThresholdMicros);
  }

  /** {@code micros} in milliseconds: whole from 10 ms on, else with two decimals. */
  static String millis(long micros) {
    if (micros >= 10_000 && micros % 1_000 == 0 || micros >= 100_000) {
      return Math.round(micros / 1_000.0) + " ms";
    }
    if (micros >= 10_000) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1_000.0);
    }
    return String.format(Locale.ROOT, "%.2f ms", micros / 1_000.0);
  }

  private static Decision hold(GovernorState current, long rate) {
    return new Decision(Decision.Action.HOLD, current, rate, "");
  }
}

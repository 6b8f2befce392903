package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.GovernorSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The governor's rule, a pure function of the thresholds, the current state and one sample. A
 * sample over any threshold slows a normal run down and pauses a slowed one; a run resumes only
 * when every measured value is at most half its threshold (the hysteresis keeps a source hovering
 * near a threshold from flapping the run), and holds its state in between. A sample that measured
 * nothing (the probe failed) changes nothing.
 */
public record GovernorPolicy(GovernorSettings settings) {
  /** A value at most this fraction of its threshold counts as recovered. */
  static final double RECOVERED_FRACTION = 0.5;

  /** The decision after {@code sample} for a run reading in {@code current}. */
  public Decision decide(GovernorState current, Sample sample) {
    List<String> over = new ArrayList<>();
    List<String> within = new ArrayList<>();
    boolean recovered = true;
    boolean measured = false;
    long maxLatency = settings.maxSourceLatencyMillis();
    if (maxLatency > 0 && sample.latencyMillis() >= 0) {
      measured = true;
      String text =
          "probe latency "
              + sample.latencyMillis()
              + " ms, max_source_latency "
              + maxLatency
              + " ms";
      if (sample.latencyMillis() > maxLatency) {
        over.add(text);
      } else {
        within.add(text);
      }
      recovered &= sample.latencyMillis() <= maxLatency * RECOVERED_FRACTION;
    }
    long maxLag = settings.maxReplicaLagMillis();
    if (maxLag > 0 && sample.lagMillis() >= 0) {
      measured = true;
      String text = "replica lag " + sample.lagMillis() + " ms, max_replica_lag " + maxLag + " ms";
      if (sample.lagMillis() > maxLag) {
        over.add(text);
      } else {
        within.add(text);
      }
      recovered &= sample.lagMillis() <= maxLag * RECOVERED_FRACTION;
    }
    if (!measured) {
      return new Decision(Decision.Action.HOLD, current, "");
    }
    if (!over.isEmpty()) {
      String reason = String.join("; ", over);
      switch (current) {
        case NORMAL:
          return new Decision(Decision.Action.SLOW_DOWN, GovernorState.SLOWED, reason);
        case SLOWED:
          return new Decision(Decision.Action.PAUSE, GovernorState.PAUSED, reason);
        default:
          return new Decision(Decision.Action.HOLD, current, reason);
      }
    }
    if (recovered && current != GovernorState.NORMAL) {
      return new Decision(
          Decision.Action.RESUME,
          GovernorState.NORMAL,
          String.join("; ", within) + " (at most half of each threshold)");
    }
    return new Decision(Decision.Action.HOLD, current, "");
  }
}

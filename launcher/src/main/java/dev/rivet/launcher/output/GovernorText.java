package dev.rivet.launcher.output;

import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.kernel.plan.Millis;
import java.util.ArrayList;
import java.util.List;

/**
 * The governor settings as the user writes them, for {@code rivet check} and the run's messages.
 */
public final class GovernorText {
  private GovernorText() {}

  /**
   * Each setting that is on, as {@code key value} ({@code max_rows_per_second 10,000}); empty when
   * nothing is watched or limited.
   */
  public static List<String> settings(GovernorSettings g) {
    List<String> parts = new ArrayList<>();
    LatencyThreshold latency = g.sourceLatency();
    if (latency.isRelative()) {
      parts.add(
          "max_source_latency "
              + latency.describe()
              + " (of the probe's latency measured before reading)");
    } else if (latency.isOn()) {
      parts.add("max_source_latency " + latency.describe());
    }
    if (g.maxReplicaLagMillis() > 0) {
      parts.add("max_replica_lag " + Millis.describe(g.maxReplicaLagMillis()));
    }
    if (g.maxRowsPerSecond() > 0) {
      parts.add("max_rows_per_second " + Numbers.grouped(g.maxRowsPerSecond()));
    }
    if (g.maxBytesPerSecond() > 0) {
      parts.add("max_bytes_per_second " + Numbers.bytes(g.maxBytesPerSecond()));
    }
    if (g.yieldToSessions() > 0) {
      parts.add("yield_to_sessions " + g.yieldToSessions());
    }
    return parts;
  }

  /**
   * What a resumed run reads under when its governor settings differ from those it was planned
   * with: {@code "max_rows_per_second 5,000 (planned with max_rows_per_second 10,000)"}; empty when
   * they read the same.
   */
  public static String change(GovernorSettings planned, GovernorSettings now) {
    List<String> before = settings(planned.withYieldToSessions(0));
    List<String> after = settings(now.withYieldToSessions(0));
    if (before.equals(after)) {
      return "";
    }
    return (after.isEmpty() ? "no probe and no rate limit" : String.join(", ", after))
        + " (planned with "
        + (before.isEmpty() ? "none" : String.join(", ", before))
        + ")";
  }
}

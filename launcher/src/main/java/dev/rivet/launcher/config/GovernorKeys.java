package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.kernel.plan.TuningProfile;
import java.util.List;

/**
 * {@code tuning.max_source_latency}, {@code max_replica_lag}, {@code max_rows_per_second}, {@code
 * max_bytes_per_second} and {@code yield_to_sessions}; 0 is off.
 */
record GovernorKeys(
    Setting<LatencyThreshold> maxSourceLatency,
    Setting<Long> maxReplicaLagMillis,
    Setting<Long> maxRowsPerSecond,
    Setting<Long> maxBytesPerSecond,
    Setting<Long> yieldToSessions) {

  static final SettingKey<LatencyThreshold> MAX_SOURCE_LATENCY =
      new SettingKey<>("tuning.max_source_latency", LatencyThresholdText::parse);
  static final SettingKey<Long> MAX_REPLICA_LAG =
      new SettingKey<>(
          "tuning.max_replica_lag", n -> n.durationMillis(GovernorSettings.MAX_THRESHOLD_MILLIS));
  static final SettingKey<Long> MAX_ROWS_PER_SECOND =
      new SettingKey<>("tuning.max_rows_per_second", n -> n.integer(0, Long.MAX_VALUE));
  static final SettingKey<Long> MAX_BYTES_PER_SECOND =
      new SettingKey<>("tuning.max_bytes_per_second", n -> n.byteSize(0));
  static final SettingKey<Long> YIELD_TO_SESSIONS =
      new SettingKey<>(
          "tuning.yield_to_sessions", n -> n.integer(0, GovernorSettings.MAX_YIELD_TO_SESSIONS));

  static final List<SettingKey<?>> KEYS =
      List.of(
          MAX_SOURCE_LATENCY,
          MAX_REPLICA_LAG,
          MAX_ROWS_PER_SECOND,
          MAX_BYTES_PER_SECOND,
          YIELD_TO_SESSIONS);

  GovernorKeys {
    Setting.requireAll(
        maxSourceLatency,
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        yieldToSessions);
  }

  /**
   * These settings; the two thresholds, {@code max_rows_per_second} and {@code yield_to_sessions}
   * not set come from {@code profile} (at {@code fromProfile}).
   */
  static GovernorKeys resolve(
      SettingLevels levels, TuningProfile profile, Setting.Level fromProfile) {
    return new GovernorKeys(
        levels.get(MAX_SOURCE_LATENCY, profile.maxSourceLatency(), fromProfile),
        levels.get(MAX_REPLICA_LAG, profile.maxReplicaLagMillis(), fromProfile),
        levels.get(MAX_ROWS_PER_SECOND, profile.maxRowsPerSecond(), fromProfile),
        levels.get(MAX_BYTES_PER_SECOND, 0L),
        levels.get(YIELD_TO_SESSIONS, (long) profile.yieldToSessions(), fromProfile));
  }

  /** The kernel record, which checks the ranges. */
  GovernorSettings toGovernorSettings(boolean autoParallelism) {
    return new GovernorSettings(
            0,
            maxReplicaLagMillis.value(),
            maxRowsPerSecond.value(),
            maxBytesPerSecond.value(),
            autoParallelism)
        .withSourceLatency(maxSourceLatency.value())
        .withYieldToSessions(Math.toIntExact(yieldToSessions.value()));
  }

  List<Setting<?>> all() {
    return List.of(
        maxSourceLatency,
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        yieldToSessions);
  }
}

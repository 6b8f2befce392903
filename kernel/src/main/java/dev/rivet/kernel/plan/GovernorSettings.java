package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * How a run reacts to its source while it reads ({@code tuning.max_source_latency}, {@code
 * tuning.max_replica_lag}, {@code tuning.max_rows_per_second}, {@code tuning.max_bytes_per_second})
 * and whether its parallelism was chosen by the planner ({@code parallelism: auto}). A threshold of
 * 0 is off; with both source thresholds off no probe runs. The rate limits hold for the whole
 * export, across its parallel readers in one process.
 *
 * @param maxSourceLatencyMillis probe latency above which the run slows down, then pauses; 0 when
 *     off or relative
 * @param maxReplicaLagMillis replica lag above which the run slows down, then pauses
 * @param maxRowsPerSecond rows per second the export reads at most
 * @param maxBytesPerSecond bytes of values per second the export reads at most, as the source sent
 *     them
 * @param autoParallelism the export's {@code parallelism} is {@code auto}: its spec's parallelism
 *     is then the ceiling the planner chooses under
 * @param maxSourceLatencyFactor the latency threshold relative to the probe's latency measured at
 *     the start of the run (e.g. 2.0 for {@code 2x}); 0 when off or absolute
 * @param yieldToSessions {@code tuning.yield_to_sessions}: when at least this many other sessions
 *     were active on the source in the second before planning, the run reads gently (one reader, at
 *     most {@link ExportPlan#GOVERNED_FETCH_ROWS} rows per fetch through a cursor); 0 is off
 */
public record GovernorSettings(
    long maxSourceLatencyMillis,
    long maxReplicaLagMillis,
    long maxRowsPerSecond,
    long maxBytesPerSecond,
    boolean autoParallelism,
    double maxSourceLatencyFactor,
    int yieldToSessions)
    implements Serializable {

  /** Nothing watched, nothing limited, parallelism as configured. */
  public static final GovernorSettings NONE = new GovernorSettings(0, 0, 0, 0, false);

  /** The smallest relative threshold: at most that, any jitter of the probe would count as harm. */
  public static final double MIN_FACTOR = 1.1;

  /** The largest relative threshold. */
  public static final double MAX_FACTOR = 100;

  /** The largest {@code tuning.yield_to_sessions}. */
  public static final int MAX_YIELD_TO_SESSIONS = 100_000;

  /** Probes slower than an hour are not a threshold but an outage. */
  public static final long MAX_THRESHOLD_MILLIS = 3_600_000L;

  public GovernorSettings {
    checkMillis("tuning.max_replica_lag", maxReplicaLagMillis);
    checkRate("tuning.max_rows_per_second", maxRowsPerSecond);
    checkRate("tuning.max_bytes_per_second", maxBytesPerSecond);
    LatencyThreshold.check(maxSourceLatencyMillis, maxSourceLatencyFactor);
    if (yieldToSessions < 0 || yieldToSessions > MAX_YIELD_TO_SESSIONS) {
      throw new InvalidSettingException(
          "tuning.yield_to_sessions",
          yieldToSessions
              + " is out of range (expected 0 for off, up to "
              + MAX_YIELD_TO_SESSIONS
              + ")",
          "use the number of other active sessions at which a run reads gently, or 0 to turn it"
              + " off");
    }
  }

  /** The settings without {@code tuning.yield_to_sessions} (off). */
  public GovernorSettings(
      long maxSourceLatencyMillis,
      long maxReplicaLagMillis,
      long maxRowsPerSecond,
      long maxBytesPerSecond,
      boolean autoParallelism,
      double maxSourceLatencyFactor) {
    this(
        maxSourceLatencyMillis,
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        autoParallelism,
        maxSourceLatencyFactor,
        0);
  }

  /** Absolute thresholds only: the form before relative latency thresholds existed. */
  public GovernorSettings(
      long maxSourceLatencyMillis,
      long maxReplicaLagMillis,
      long maxRowsPerSecond,
      long maxBytesPerSecond,
      boolean autoParallelism) {
    this(
        maxSourceLatencyMillis,
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        autoParallelism,
        0);
  }

  /** These settings with {@code threshold} as {@code tuning.max_source_latency}. */
  public GovernorSettings withSourceLatency(LatencyThreshold threshold) {
    return new GovernorSettings(
        threshold.millis(),
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        autoParallelism,
        threshold.factor(),
        yieldToSessions);
  }

  /** {@code tuning.max_source_latency} as configured. */
  public LatencyThreshold sourceLatency() {
    return new LatencyThreshold(maxSourceLatencyMillis, maxSourceLatencyFactor);
  }

  /** Whether a probe watches the source during the run. */
  public boolean watchesSource() {
    return maxSourceLatencyMillis > 0 || maxSourceLatencyFactor > 0 || maxReplicaLagMillis > 0;
  }

  /** Whether the export's reads are rate limited. */
  public boolean limitsRate() {
    return maxRowsPerSecond > 0 || maxBytesPerSecond > 0;
  }

  /**
   * Whether the run is meant to read at a governed pace from its start: a rate limit, or a latency
   * threshold relative to the source's own latency (held close to its baseline, as the {@code safe}
   * profile does). An absolute latency ceiling or a replica-lag ceiling alone (the {@code fast}
   * profile's) is a brake for a source already in trouble: it does not change how a healthy run
   * reads.
   */
  public boolean paces() {
    return limitsRate() || maxSourceLatencyFactor > 0;
  }

  /** Whether the run needs a governor or a rate limit at all. */
  public boolean active() {
    return watchesSource() || limitsRate();
  }

  /** These settings with {@code auto} as whether the planner chooses the parallelism. */
  public GovernorSettings withAutoParallelism(boolean auto) {
    return new GovernorSettings(
        maxSourceLatencyMillis,
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        auto,
        maxSourceLatencyFactor,
        yieldToSessions);
  }

  /**
   * These settings with every value that acts only while a run reads taken from {@code now}: the
   * source thresholds, the rate limits and {@code tuning.yield_to_sessions} (which decided the plan
   * once). Only whether the planner chose the parallelism stays this one's. A resumed run reads
   * under these: none of them changes which rows a chunk holds.
   */
  public GovernorSettings readingAs(GovernorSettings now) {
    return now.withAutoParallelism(autoParallelism);
  }

  /** These settings with {@code sessions} as {@code tuning.yield_to_sessions}. */
  public GovernorSettings withYieldToSessions(int sessions) {
    return new GovernorSettings(
        maxSourceLatencyMillis,
        maxReplicaLagMillis,
        maxRowsPerSecond,
        maxBytesPerSecond,
        autoParallelism,
        maxSourceLatencyFactor,
        sessions);
  }

  private static void checkMillis(String key, long millis) {
    if (millis < 0 || millis > MAX_THRESHOLD_MILLIS) {
      throw new InvalidSettingException(
          key,
          Millis.describe(millis)
              + " is out of range (expected 0 for off, up to "
              + Millis.describe(MAX_THRESHOLD_MILLIS)
              + ")",
          "use a duration such as 500ms or 30s, or 0 to turn it off");
    }
  }

  private static void checkRate(String key, long rate) {
    if (rate < 0) {
      throw new InvalidSettingException(
          key,
          rate + " is negative (expected 0 for no limit, or a positive rate)",
          "use a positive number, or 0 for no limit");
    }
  }
}

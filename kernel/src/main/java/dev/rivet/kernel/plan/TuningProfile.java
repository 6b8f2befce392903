package dev.rivet.kernel.plan;

import dev.rivet.kernel.source.SourceKind;
import java.util.Locale;

/**
 * A named set of tuning values, chosen with {@code tuning: {profile: ...}}; any value the export
 * sets itself overrides its profile's. Chunk sizes are relative to the source's default chunk size
 * (500,000 rows on PostgreSQL, 50,000 on MySQL and MariaDB).
 */
public enum TuningProfile {
  /**
   * A tenth of the default chunk, 1,000-row fetches, one connection, no pause between chunks (the
   * governor paces the reads instead of bursts and pauses); the governor holds the probe's latency
   * under 1.3 times the latency measured at the start of the run ({@code 1.3x}) by lowering and
   * raising the read rate, and pauses when a replica lags more than 30 s; it reads at most {@link
   * #SAFE_ROWS_PER_SECOND} rows per second ({@code max_rows_per_second}: the probe's latency does
   * not show the harm of a faster read to other sessions' cached pages, docs/benchmarks.md, "tenth
   * session"); {@code parallelism: auto} stays at 1 (it always reads as gently as {@code
   * tuning.yield_to_sessions} would make it).
   */
  SAFE(
      10,
      1,
      1_000,
      1,
      0,
      LatencyThreshold.relative(1.3),
      30_000,
      1,
      0,
      TuningProfile.SAFE_ROWS_PER_SECOND),
  /**
   * The defaults: 2 connections, no governor (no probe connection: a governor that judges the
   * source by its latency slows a run down whenever the machine is busy, including busy with the
   * run itself when Rivet runs on the database's host; choose {@code safe} or set {@code
   * max_source_latency} for one), {@code parallelism: auto} up to 4; a run planned while 2 or more
   * other sessions were active on the source reads gently ({@code tuning.yield_to_sessions: 2}):
   * one reader, 1,000-row fetches through a cursor.
   */
  BALANCED(1, 1, 10_000, 2, 0, LatencyThreshold.OFF, 0, 4, 2, 0),
  /**
   * Twice the default chunk, 20,000-row fetches, up to 8 connections (the planner still caps
   * parallelism by the source's free connections), no pause; the governor slows down and pauses
   * only when a probe takes longer than 2 s or a replica lags more than 5 minutes; {@code
   * parallelism: auto} up to 16; it never yields to other sessions.
   */
  FAST(1, 2, 20_000, 8, 0, LatencyThreshold.absolute(2_000), 300_000, 16, 0, 0);

  /**
   * The {@code safe} profile's {@code max_rows_per_second}: on a 2-core PostgreSQL with the default
   * 128 MB buffer cache, a steady 10,000 rows/s did not raise the p99 latency of pgbench's
   * transactions measurably, 40,000 rows/s doubled it (docs/benchmarks.md, "tenth session").
   */
  public static final long SAFE_ROWS_PER_SECOND = 10_000;

  /** The profile of an export that names none; the one home of the default tuning values. */
  public static final TuningProfile DEFAULT = BALANCED;

  private final long chunkDivisor;
  private final long chunkMultiplier;
  private final int fetchSize;
  private final int parallelism;
  private final long pauseMillis;
  private final LatencyThreshold maxSourceLatency;
  private final long maxReplicaLagMillis;
  private final int autoParallelismCeiling;
  private final int yieldToSessions;
  private final long maxRowsPerSecond;

  TuningProfile(
      long chunkDivisor,
      long chunkMultiplier,
      int fetchSize,
      int parallelism,
      long pauseMillis,
      LatencyThreshold maxSourceLatency,
      long maxReplicaLagMillis,
      int autoParallelismCeiling,
      int yieldToSessions,
      long maxRowsPerSecond) {
    this.chunkDivisor = chunkDivisor;
    this.chunkMultiplier = chunkMultiplier;
    this.fetchSize = fetchSize;
    this.parallelism = parallelism;
    this.pauseMillis = pauseMillis;
    this.maxSourceLatency = maxSourceLatency;
    this.maxReplicaLagMillis = maxReplicaLagMillis;
    this.autoParallelismCeiling = autoParallelismCeiling;
    this.yieldToSessions = yieldToSessions;
    this.maxRowsPerSecond = maxRowsPerSecond;
  }

  /**
   * The profile's chunk size for {@code source}, relative to its {@link
   * SourceKind#defaultChunkRows()}.
   */
  public long chunkRows(SourceKind source) {
    return Math.max(1, source.defaultChunkRows() / chunkDivisor * chunkMultiplier);
  }

  public int fetchSize() {
    return fetchSize;
  }

  public int parallelism() {
    return parallelism;
  }

  public long pauseMillis() {
    return pauseMillis;
  }

  /** The profile's {@code tuning.max_source_latency}. */
  public LatencyThreshold maxSourceLatency() {
    return maxSourceLatency;
  }

  /** The profile's {@code tuning.max_replica_lag}; 0 is off. */
  public long maxReplicaLagMillis() {
    return maxReplicaLagMillis;
  }

  /** The most chunks {@code parallelism: auto} reads at once under this profile. */
  public int autoParallelismCeiling() {
    return autoParallelismCeiling;
  }

  /** The profile's {@code tuning.yield_to_sessions}; 0 is off. */
  public int yieldToSessions() {
    return yieldToSessions;
  }

  /** The profile's {@code tuning.max_rows_per_second}; 0 is no limit. */
  public long maxRowsPerSecond() {
    return maxRowsPerSecond;
  }

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}

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
   * A tenth of the default chunk, 1,000-row fetches, one connection, 1 s pause after each chunk.
   */
  SAFE(10, 1, 1_000, 1, 1_000),
  /** The defaults. */
  BALANCED(1, 1, 10_000, 2, 0),
  /**
   * Twice the default chunk, 20,000-row fetches, up to 8 connections (the planner still caps
   * parallelism by the source's free connections), no pause.
   */
  FAST(1, 2, 20_000, 8, 0);

  /** The profile of an export that names none; the one home of the default tuning values. */
  public static final TuningProfile DEFAULT = BALANCED;

  private final long chunkDivisor;
  private final long chunkMultiplier;
  private final int fetchSize;
  private final int parallelism;
  private final long pauseMillis;

  TuningProfile(
      long chunkDivisor, long chunkMultiplier, int fetchSize, int parallelism, long pauseMillis) {
    this.chunkDivisor = chunkDivisor;
    this.chunkMultiplier = chunkMultiplier;
    this.fetchSize = fetchSize;
    this.parallelism = parallelism;
    this.pauseMillis = pauseMillis;
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

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.rivet.kernel.plan;

import dev.rivet.kernel.source.SourceKind;
import java.io.Serializable;

/**
 * How an export reads its source: chunk and fetch sizes, how many chunks at once, the protocol and
 * point in time, the pause, retries, memory and the governor. Validated on construction; a null
 * component (as in plans stored before it existed) reads as its default.
 *
 * @param chunkRows target rows per chunk query (the planner's split size)
 * @param fetchSize rows the JDBC driver fetches per round trip
 * @param parallelism maximum chunks read at once (= source connections held at once)
 * @param readProtocol how chunks' rows come from the source ({@code tuning.read_protocol}); null
 *     reads as {@link ReadProtocol#DEFAULT}
 * @param consistency which point in time the run's rows come from ({@code consistency}); null reads
 *     as {@link Consistency#DEFAULT}
 * @param pauseBetweenChunksMillis how long each reader waits after a chunk before the next one, to
 *     spare the source; 0 for no pause
 * @param retry how often a chunk that failed transiently is read again; null reads as {@link
 *     RetrySettings#DEFAULT}
 * @param memory {@code batch_size_memory_mb} and {@code max_value_size}; null reads as {@link
 *     MemorySettings#DERIVED}
 * @param governor the run's reaction to its source, its rate limits and whether its parallelism is
 *     {@code auto}; null reads as {@link GovernorSettings#NONE}
 */
public record ReadSettings(
    long chunkRows,
    int fetchSize,
    int parallelism,
    ReadProtocol readProtocol,
    Consistency consistency,
    long pauseBetweenChunksMillis,
    RetrySettings retry,
    MemorySettings memory,
    GovernorSettings governor)
    implements Serializable {

  /**
   * Rows per chunk query. A billion rows is more than one statement should read; a table that large
   * is split, or read whole by a {@code query}.
   */
  public static final SettingRange CHUNK_ROWS = new SettingRange("chunk_rows", 1, 1_000_000_000L);

  /** Rows per driver round trip; more than a million is held in memory at once, per reader. */
  public static final SettingRange FETCH_SIZE = new SettingRange("fetch_size", 1, 1_000_000);

  /** More connections than 1024 is a misconfiguration, not tuning. */
  public static final SettingRange PARALLELISM = new SettingRange("parallelism", 1, 1024);

  /** Longer pauses make an export of many chunks take days. */
  public static final long MAX_PAUSE_MILLIS = 600_000L;

  public ReadSettings {
    if (readProtocol == null) {
      readProtocol = ReadProtocol.DEFAULT;
    }
    if (consistency == null) {
      consistency = Consistency.DEFAULT;
    }
    if (retry == null) {
      retry = RetrySettings.DEFAULT;
    }
    if (memory == null) {
      memory = MemorySettings.DERIVED;
    }
    if (governor == null) {
      governor = GovernorSettings.NONE;
    }
    CHUNK_ROWS.check(chunkRows);
    FETCH_SIZE.check(fetchSize);
    PARALLELISM.check(parallelism);
    if (pauseBetweenChunksMillis < 0 || pauseBetweenChunksMillis > MAX_PAUSE_MILLIS) {
      throw new InvalidSettingException(
          "tuning.pause_between_chunks",
          Millis.describe(pauseBetweenChunksMillis)
              + " is out of range (expected 0 to "
              + Millis.describe(MAX_PAUSE_MILLIS)
              + ")",
          "use at most " + Millis.describe(MAX_PAUSE_MILLIS));
    }
  }

  /** These sizes with every other reading setting at its default and no pause. */
  public static ReadSettings of(long chunkRows, int fetchSize, int parallelism) {
    return new ReadSettings(chunkRows, fetchSize, parallelism, null, null, 0, null, null, null);
  }

  /** The default tuning profile's sizes (chunk size: PostgreSQL's), every other at its default. */
  public static ReadSettings defaults() {
    TuningProfile profile = TuningProfile.DEFAULT;
    return of(profile.chunkRows(SourceKind.POSTGRESQL), profile.fetchSize(), profile.parallelism());
  }
}

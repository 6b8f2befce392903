package dev.rivet.planner.preflight;

import static dev.rivet.planner.preflight.FindingParam.ANALYZE;
import static dev.rivet.planner.preflight.FindingParam.AVERAGE_CHUNK_ROWS;
import static dev.rivet.planner.preflight.FindingParam.BUDGET_ROWS;
import static dev.rivet.planner.preflight.FindingParam.CACHE_BYTES;
import static dev.rivet.planner.preflight.FindingParam.CAPPED_PARALLELISM;
import static dev.rivet.planner.preflight.FindingParam.CHUNK;
import static dev.rivet.planner.preflight.FindingParam.CHUNKS;
import static dev.rivet.planner.preflight.FindingParam.COLUMN;
import static dev.rivet.planner.preflight.FindingParam.CREATE_INDEX;
import static dev.rivet.planner.preflight.FindingParam.DELIVERED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.DELIVERED_ROWS_PER_SECOND;
import static dev.rivet.planner.preflight.FindingParam.ESTIMATED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.ESTIMATED_SECONDS;
import static dev.rivet.planner.preflight.FindingParam.EXPLAINED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.FALLBACK;
import static dev.rivet.planner.preflight.FindingParam.FULL_SCAN;
import static dev.rivet.planner.preflight.FindingParam.FULL_SCAN_CHUNKS;
import static dev.rivet.planner.preflight.FindingParam.FULL_SCAN_ROWS;
import static dev.rivet.planner.preflight.FindingParam.KEY;
import static dev.rivet.planner.preflight.FindingParam.KEY_MAX;
import static dev.rivet.planner.preflight.FindingParam.KEY_MIN;
import static dev.rivet.planner.preflight.FindingParam.KEY_ROLE;
import static dev.rivet.planner.preflight.FindingParam.KEY_TYPE;
import static dev.rivet.planner.preflight.FindingParam.LAG_SECONDS;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_ALLOWED;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_MILLIS;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_NAME;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_OPEN;
import static dev.rivet.planner.preflight.FindingParam.MIN_CHUNK_ROWS;
import static dev.rivet.planner.preflight.FindingParam.NOTE;
import static dev.rivet.planner.preflight.FindingParam.ON_REPLICA;
import static dev.rivet.planner.preflight.FindingParam.PARALLELISM;
import static dev.rivet.planner.preflight.FindingParam.PER_FETCH;
import static dev.rivet.planner.preflight.FindingParam.REASON;
import static dev.rivet.planner.preflight.FindingParam.ROWS_PER_KEY_VALUE;
import static dev.rivet.planner.preflight.FindingParam.SCANNED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.SCANNED_ROWS_PER_SECOND;
import static dev.rivet.planner.preflight.FindingParam.SETTING;
import static dev.rivet.planner.preflight.FindingParam.SUGGESTED_PARALLELISM;
import static dev.rivet.planner.preflight.FindingParam.TABLE;
import static dev.rivet.planner.preflight.FindingParam.TABLE_BYTES;
import static dev.rivet.planner.preflight.FindingParam.WALK_MAX_CHUNKS;

import java.util.List;

/**
 * The stable identifier of each kind of preflight finding, as scripts see it in JSON, with the
 * parameters a finding of that kind may carry. Verdicts are taken on codes and severities; text is
 * rendered from the code and parameters only where a finding is shown.
 */
public enum FindingCode {
  /**
   * The column an export ranges over has no index, so reads scan the table ({@link
   * FindingParam#KEY} and its index to create); or a full export of a table has no key to split on
   * (no {@code KEY}).
   */
  MISSING_INDEX(
      "missing_index", TABLE, KEY_ROLE, KEY, CHUNKS, CREATE_INDEX, ESTIMATED_ROWS, REASON),
  /** EXPLAIN shows a full scan of the table for a bounded chunk of a split export. */
  SEQ_SCAN_PER_CHUNK(
      "seq_scan_per_chunk",
      TABLE,
      FULL_SCAN_CHUNKS,
      CHUNKS,
      ESTIMATED_ROWS,
      SCANNED_ROWS,
      CREATE_INDEX,
      ANALYZE),
  /** The integer key has far fewer rows than values: boundaries need an index walk. */
  SPARSE_KEY(
      "sparse_key",
      KEY,
      ROWS_PER_KEY_VALUE,
      KEY_MIN,
      KEY_MAX,
      CHUNKS,
      WALK_MAX_CHUNKS,
      EXPLAINED_ROWS,
      MIN_CHUNK_ROWS),
  /** Rows whose incremental cursor is NULL are never exported. */
  NULLABLE_CURSOR("nullable_cursor", KEY, COLUMN, FALLBACK),
  /** The cursor does not grow in commit order and no lookback covers late rows. */
  CURSOR_NOT_MONOTONIC("cursor_not_monotonic", KEY, KEY_TYPE),
  /** The configured parallelism asks for more connections than the source has free or allows. */
  PARALLELISM_ABOVE_FREE_CONNECTIONS(
      "parallelism_above_free_connections",
      PARALLELISM,
      LIMIT_NAME,
      LIMIT_ALLOWED,
      LIMIT_OPEN,
      CAPPED_PARALLELISM,
      SUGGESTED_PARALLELISM),
  /** The source would not say how many connections are free. */
  CONNECTIONS_UNKNOWN("connections_unknown", REASON, PARALLELISM),
  /**
   * A chunk's statement is estimated to run longer than the source's statement time limit, or more
   * than half of it: an explained {@link FindingParam#CHUNK} or an average chunk of {@link
   * FindingParam#AVERAGE_CHUNK_ROWS}.
   */
  CHUNK_EXCEEDS_STATEMENT_TIMEOUT(
      "chunk_exceeds_statement_timeout",
      CHUNK,
      AVERAGE_CHUNK_ROWS,
      ESTIMATED_SECONDS,
      PER_FETCH,
      DELIVERED_ROWS,
      DELIVERED_ROWS_PER_SECOND,
      FULL_SCAN_ROWS,
      SCANNED_ROWS_PER_SECOND,
      SETTING,
      LIMIT_MILLIS,
      FULL_SCAN,
      CREATE_INDEX,
      BUDGET_ROWS),
  /** Fetch size, row groups or parallelism risk the JVM's heap. */
  MEMORY_BUDGET("memory_budget", NOTE),
  /**
   * Rows are so wide that the memory budget ({@code batch_size_memory_mb}) fetches fewer rows at
   * once than {@code fetch_size}.
   */
  WIDE_ROWS("wide_rows", NOTE),
  /** A chunk is one long statement (millions of rows or more than a GiB). */
  LONG_CHUNK("long_chunk", NOTE),
  /** File rotation limits conflict with the row group size or chunk size. */
  FILE_ROTATION("file_rotation", NOTE),
  /** The table has no planner statistics, so chunk sizes are guesses. */
  NO_STATISTICS("no_statistics", TABLE, ANALYZE),
  /** The source is a replica that lags behind its primary. */
  REPLICA_LAG("replica_lag", LAG_SECONDS),
  /**
   * The export reads one snapshot for the whole run ({@code consistency: snapshot}): the source
   * holds it for about {@link FindingParam#ESTIMATED_SECONDS}, and on a replica ({@link
   * FindingParam#ON_REPLICA}) it conflicts with replay.
   */
  SNAPSHOT_HELD("snapshot_held", ESTIMATED_SECONDS, CHUNKS, PARALLELISM, ON_REPLICA),
  /**
   * PostgreSQL reads the chunks of a table larger than a quarter of {@code shared_buffers} through
   * its shared buffers without the small ring a whole-table scan uses, so the run pushes other
   * tables' cached pages out ({@link CacheFindings}).
   */
  CACHE_EVICTION("cache_eviction", TABLE, TABLE_BYTES, CACHE_BYTES, CHUNKS),
  /**
   * The export's user sees the state of its own sessions only, so {@code tuning.yield_to_sessions}
   * cannot tell whether other users work on the source.
   */
  SESSIONS_HIDDEN("sessions_hidden", NOTE),
  /** EXPLAIN of a chunk query failed, so its access path is unknown. */
  EXPLAIN_UNAVAILABLE("explain_unavailable", CHUNK, REASON),
  /** Any other warning of the plan. */
  PLAN_WARNING("plan_warning", NOTE);

  private final String wireValue;
  private final List<FindingParam<?>> parameters;

  FindingCode(String wireValue, FindingParam<?>... parameters) {
    this.wireValue = wireValue;
    this.parameters = List.of(parameters);
  }

  /** The code in JSON and text output, e.g. {@code missing_index}. */
  public String wireValue() {
    return wireValue;
  }

  /** The parameters a finding of this code may carry, in the order output lists them. */
  public List<FindingParam<?>> parameters() {
    return parameters;
  }
}

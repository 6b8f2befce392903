package dev.rivet.planner.preflight;

/** The stable identifier of each kind of preflight finding, as scripts see it in JSON. */
public enum FindingCode {
  /** The column an export ranges over has no index, so reads scan the table. */
  MISSING_INDEX("missing_index"),
  /** EXPLAIN shows a full scan of the table for a bounded chunk of a split export. */
  SEQ_SCAN_PER_CHUNK("seq_scan_per_chunk"),
  /** The integer key has far fewer rows than values: boundaries need an index walk. */
  SPARSE_KEY("sparse_key"),
  /** Rows whose incremental cursor is NULL are never exported. */
  NULLABLE_CURSOR("nullable_cursor"),
  /** The cursor does not grow in commit order and no lookback covers late rows. */
  CURSOR_NOT_MONOTONIC("cursor_not_monotonic"),
  /** The configured parallelism asks for more connections than the source has free or allows. */
  PARALLELISM_ABOVE_FREE_CONNECTIONS("parallelism_above_free_connections"),
  /** The source would not say how many connections are free. */
  CONNECTIONS_UNKNOWN("connections_unknown"),
  /** A chunk's statement is estimated to run longer than the source's statement time limit. */
  CHUNK_EXCEEDS_STATEMENT_TIMEOUT("chunk_exceeds_statement_timeout"),
  /** Fetch size, row groups or parallelism risk the JVM's heap. */
  MEMORY_BUDGET("memory_budget"),
  /** A chunk is one long statement (millions of rows or more than a GiB). */
  LONG_CHUNK("long_chunk"),
  /** File rotation limits conflict with the row group size or chunk size. */
  FILE_ROTATION("file_rotation"),
  /** The table has no planner statistics, so chunk sizes are guesses. */
  NO_STATISTICS("no_statistics"),
  /** The source is a replica that lags behind its primary. */
  REPLICA_LAG("replica_lag"),
  /** EXPLAIN of a chunk query failed, so its access path is unknown. */
  EXPLAIN_UNAVAILABLE("explain_unavailable"),
  /** Any other warning of the plan. */
  PLAN_WARNING("plan_warning");

  private final String wireValue;

  FindingCode(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The code in JSON and text output, e.g. {@code missing_index}. */
  public String wireValue() {
    return wireValue;
  }
}

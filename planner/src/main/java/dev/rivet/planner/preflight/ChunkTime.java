package dev.rivet.planner.preflight;

/**
 * A conservative estimate of how long one chunk statement runs on the source, to compare with its
 * statement time limit. Rates are at the slow end of what the benchmarks measured (docs/check.md):
 * {@value #DELIVERED_ROWS_PER_SECOND} rows/s sent to Rivet per connection, {@value
 * #SCANNED_ROWS_PER_SECOND} rows/s examined by a full scan.
 *
 * @param seconds estimated seconds the statement (or one fetch of it) runs
 * @param deliveredRows rows the statement (or one fetch of it) sends
 * @param scannedRows rows a full scan examines first; 0 without one
 */
record ChunkTime(double seconds, long deliveredRows, long scannedRows) {
  /**
   * Rows per second one chunk read delivers, conservatively (measured: 55k–150k per connection).
   */
  static final long DELIVERED_ROWS_PER_SECOND = 50_000;

  /** Rows per second a full scan examines, conservatively (measured: 800k with COPY). */
  static final long SCANNED_ROWS_PER_SECOND = 500_000;

  /**
   * Estimates one chunk statement.
   *
   * @param perFetch whether the limit restarts at each fetch (PostgreSQL)
   * @param fetchSize rows per fetch
   * @param rows rows the chunk returns, at least 0
   * @param fullScanOfBoundedChunk whether the source scans the whole table to find the chunk's rows
   * @param tableRows rows of the table; -1 when unknown (counted as none)
   */
  static ChunkTime estimate(
      boolean perFetch, int fetchSize, long rows, boolean fullScanOfBoundedChunk, long tableRows) {
    long delivered = perFetch ? Math.min(fetchSize, rows) : rows;
    long scanned = fullScanOfBoundedChunk ? Math.max(0, tableRows) : 0;
    double seconds =
        (double) delivered / DELIVERED_ROWS_PER_SECOND + (double) scanned / SCANNED_ROWS_PER_SECOND;
    return new ChunkTime(seconds, delivered, scanned);
  }
}

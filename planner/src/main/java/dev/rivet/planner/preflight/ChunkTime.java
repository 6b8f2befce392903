package dev.rivet.planner.preflight;

import java.util.Locale;

/**
 * A conservative estimate of how long one chunk statement runs on the source, to compare with its
 * statement time limit. Rates are at the slow end of what the benchmarks measured (docs/check.md):
 * {@value #DELIVERED_ROWS_PER_SECOND} rows/s sent to Rivet per connection, {@value
 * #SCANNED_ROWS_PER_SECOND} rows/s examined by a full scan.
 *
 * @param seconds estimated seconds the statement (or one fetch of it) runs
 * @param basis how the estimate was made, for the finding's message
 */
record ChunkTime(double seconds, String basis) {
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
    StringBuilder basis = new StringBuilder();
    basis
        .append(delivered)
        .append(" rows")
        .append(perFetch ? " per fetch" : "")
        .append(" at ")
        .append(DELIVERED_ROWS_PER_SECOND)
        .append(" rows/s");
    if (scanned > 0) {
      basis
          .append(" + a full scan of ")
          .append(scanned)
          .append(" rows at ")
          .append(SCANNED_ROWS_PER_SECOND)
          .append(" rows/s");
    }
    return new ChunkTime(seconds, basis.toString());
  }

  /** e.g. {@code 1.2 s} or {@code 40 ms}. */
  String describe() {
    return seconds >= 1
        ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
  }
}

package dev.rivet.planner.preflight;

/** How the source reaches the exported table's rows for one chunk query, as EXPLAIN shows it. */
public enum Access {
  /** Every row of the table is read (PostgreSQL Seq Scan, MySQL type ALL). */
  FULL_SCAN("full_scan", 0),
  /** The whole index is read (MySQL type index, a PostgreSQL index scan without a condition). */
  INDEX_FULL("index_full", 1),
  /** Only the chunk's range of an index is read (Index/Index Only/Bitmap scan, range, ref). */
  INDEX_RANGE("index_range", 3),
  /** No table is read (the condition can match nothing). */
  NONE("none", 4),
  /** EXPLAIN showed no access path Rivet knows, or was not available. */
  UNKNOWN("unknown", 2);

  private final String wireValue;
  // Lower ranks read more of the table; an unknown path ranks below an index range.
  private final int rank;

  Access(String wireValue, int rank) {
    this.wireValue = wireValue;
    this.rank = rank;
  }

  public String wireValue() {
    return wireValue;
  }

  /** Of two access paths to one table in one plan, the one that reads more. */
  public static Access worse(Access a, Access b) {
    return a.rank <= b.rank ? a : b;
  }
}

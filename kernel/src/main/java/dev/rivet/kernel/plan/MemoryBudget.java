package dev.rivet.kernel.plan;

/**
 * What one reader may hold, resolved for the JVM it runs in (see {@link MemorySettings#resolve}):
 * the bytes of rows fetched and buffered at once, and the largest single value it accepts.
 *
 * @param budgetBytes bytes of rows one reader fetches at once, and the most one Parquet row group
 *     buffers
 * @param maxValueBytes a single value larger than this fails its chunk (exit 12)
 */
public record MemoryBudget(long budgetBytes, long maxValueBytes) {
  public MemoryBudget {
    if (budgetBytes < 1 || maxValueBytes < 1) {
      throw new IllegalArgumentException(
          "budget and value limit must be >= 1, got " + budgetBytes + " and " + maxValueBytes);
    }
  }

  /**
   * The rows fetched per round trip: {@code min(fetch_size, budget / rowBytes)}, at least 1; {@code
   * fetchSize} itself when the row width is unknown ({@code rowBytes <= 0}).
   */
  public int fetchSize(int fetchSize, long rowBytes) {
    if (rowBytes <= 0) {
      return fetchSize;
    }
    return (int) Math.max(1, Math.min(fetchSize, budgetBytes / rowBytes));
  }

  /** The Parquet row-group size: {@code row_group_size}, at most the budget. */
  public long rowGroupBytes(long rowGroupBytes) {
    return Math.min(rowGroupBytes, budgetBytes);
  }
}

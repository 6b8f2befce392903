package dev.rivet.kernel.plan;

/**
 * What one reader may hold, resolved for the JVM it runs in (see {@link MemorySettings#resolve}):
 * the bytes of rows fetched and buffered at once, and the largest single value it accepts. Half of
 * the budget is for the rows of one fetch, half for the Parquet row group being written: a fetched
 * value is held at least twice while it is written (the driver's bytes, the decoded value), and the
 * JVM's G1 collector gives a value of a region's size or more regions of its own.
 *
 * @param budgetBytes bytes one reader fetches and buffers at once
 * @param maxValueBytes a single value larger than this fails its chunk (exit 12)
 */
public record MemoryBudget(long budgetBytes, long maxValueBytes) {
  public MemoryBudget {
    if (budgetBytes < 1 || maxValueBytes < 1) {
      throw new IllegalArgumentException(
          "budget and value limit must be >= 1, got " + budgetBytes + " and " + maxValueBytes);
    }
  }

  /** The bytes of rows one fetch may hold: half the budget. */
  public long fetchBytes() {
    return budgetBytes / 2;
  }

  /**
   * The rows fetched per round trip: {@code min(fetch_size, budget / 2 / rowBytes)}, at least 1;
   * {@code fetchSize} itself when the row width is unknown ({@code rowBytes <= 0}).
   */
  public int fetchSize(int fetchSize, long rowBytes) {
    if (rowBytes <= 0) {
      return fetchSize;
    }
    return (int) Math.max(1, Math.min(fetchSize, fetchBytes() / rowBytes));
  }

  /** The Parquet row-group size: {@code row_group_size}, at most half the budget. */
  public long rowGroupBytes(long rowGroupBytes) {
    return Math.min(rowGroupBytes, budgetBytes / 2);
  }
}

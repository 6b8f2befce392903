package dev.rivet.planner.split;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Splits a key range into equal-width half-open chunks. Pure arithmetic: the first chunk is open
 * below and the last open above, so the chunks cover every key exactly once whatever the data.
 */
public final class RangeSplitter {
  private RangeSplitter() {}

  /** The number of chunks the policy asks for, at least 1. */
  public static int chunkCount(KeyStats stats, SplitPolicy policy) {
    BigInteger width = BigInteger.valueOf(stats.max()).subtract(BigInteger.valueOf(stats.min()));
    BigInteger distinctKeys = width.add(BigInteger.ONE);
    long rows = stats.estimatedRows();
    if (stats.type() == KeyType.INTEGER) {
      // A unique integer key holds at most one row per value: the width bounds the row count.
      BigInteger bounded = rows < 0 ? distinctKeys : distinctKeys.min(BigInteger.valueOf(rows));
      rows = bounded.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }
    if (rows <= 0) {
      return 1;
    }
    long target = policy.targetRowsPerChunk();
    // Rounds up without the overflow of (rows + target - 1) / target near Long.MAX_VALUE.
    long wanted = rows / target + (rows % target == 0 ? 0 : 1);
    // Never more chunks than distinct axis values: each chunk needs a non-empty key interval.
    long cap = distinctKeys.min(BigInteger.valueOf(policy.maxChunks())).longValueExact();
    return (int) Math.max(1, Math.min(wanted, cap));
  }

  /**
   * Chunks {@code [null, b1), [b1, b2), ..., [b(n-1), null)} with boundaries spread evenly over
   * {@code [min, max]} and rendered as text by {@code format}.
   */
  public static List<Chunk> split(KeyStats stats, SplitPolicy policy, LongFunction<String> format) {
    return split(stats.min(), stats.max(), chunkCount(stats, policy), null, null, format);
  }

  /**
   * {@code count} chunks (fewer when {@code [min, max]} holds fewer values) with boundaries spread
   * evenly over {@code [min, max]}; the first chunk's lower and the last chunk's upper bound are
   * {@code lower} and {@code upper} (null for open).
   */
  public static List<Chunk> split(
      long min, long max, int count, String lower, String upper, LongFunction<String> format) {
    BigInteger first = BigInteger.valueOf(min);
    BigInteger width = BigInteger.valueOf(max).subtract(first).add(BigInteger.ONE);
    int n = (int) Math.max(1, width.min(BigInteger.valueOf(count)).longValue());
    List<Chunk> chunks = new ArrayList<>(n);
    String chunkLower = lower;
    for (int i = 1; i < n; i++) {
      String boundary =
          format.apply(
              first
                  .add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)))
                  .longValueExact());
      chunks.add(new Chunk(i - 1, chunkLower, boundary));
      chunkLower = boundary;
    }
    chunks.add(new Chunk(n - 1, chunkLower, upper));
    return List.copyOf(chunks);
  }
}

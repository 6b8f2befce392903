package dev.rivet.planner.split;

import dev.rivet.kernel.plan.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table's physical blocks {@code [0, blocks)} into consecutive half-open block ranges of
 * about {@code targetRowsPerChunk} rows each, at the rows per block its statistics saw. The first
 * range is open below and the last open above, so together they cover every block, including blocks
 * the table grows by after planning. Bounds are decimal block numbers. Pure arithmetic.
 */
public final class BlockRanges {
  private BlockRanges() {}

  /**
   * How many ranges the table is read in: enough for about {@code targetRowsPerChunk} rows each, at
   * most one per block and at most {@code maxChunks}; 1 when the table fits one chunk.
   */
  public static int chunkCount(long blocks, double rowsPerBlock, SplitPolicy policy) {
    if (blocks < 0 || rowsPerBlock < 0) {
      throw new IllegalArgumentException(
          "blocks and rowsPerBlock must be >= 0, got " + blocks + " and " + rowsPerBlock);
    }
    double wanted = Math.ceil(blocks * rowsPerBlock / policy.targetRowsPerChunk());
    return (int) Math.max(1, Math.min(Math.min(wanted, blocks), policy.maxChunks()));
  }

  /**
   * {@code count} ranges of equal block counts (differing by at most one block) over {@code [0,
   * blocks)}: {@code (-inf, b1)}, {@code [b1, b2)}, ..., {@code [bn-1, +inf)}; the whole table as
   * one unbounded chunk when {@code count} is 1.
   */
  public static List<Chunk> split(long blocks, int count) {
    if (count < 1 || count > Math.max(blocks, 1)) {
      throw new IllegalArgumentException(
          "count must be between 1 and the " + blocks + " blocks, got " + count);
    }
    if (count == 1) {
      return List.of(Chunk.whole());
    }
    List<Chunk> chunks = new ArrayList<>(count);
    String lower = null;
    for (int i = 1; i < count; i++) {
      String upper = Long.toString(Math.multiplyExact(blocks, (long) i) / count);
      chunks.add(new Chunk(i - 1, lower, upper));
      lower = upper;
    }
    chunks.add(new Chunk(count - 1, lower, null));
    return List.copyOf(chunks);
  }

  /** The block number of a chunk bound, or null for an open bound. */
  public static Long block(String bound) {
    return bound == null ? null : Long.parseLong(bound);
  }
}

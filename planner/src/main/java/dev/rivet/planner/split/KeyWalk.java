package dev.rivet.planner.split;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Places chunk boundaries at real keys, {@code rowsPerChunk} keys apart, by walking the key's index
 * from its minimum: each chunk then holds the same number of rows at plan time however the keys are
 * spread. The chunks are half-open and open at both ends, like {@link RangeSplitter}'s.
 */
public final class KeyWalk {
  /** More chunks than this are placed at equal widths: the walk would cost too many statements. */
  public static final int MAX_WALK_CHUNKS = 1_000;

  /** An integer key with fewer estimated rows per key value than this counts as sparse. */
  public static final double SPARSE_DENSITY = 0.5;

  private KeyWalk() {}

  /**
   * Whether boundaries should be walked rather than spread evenly: the key is a date or timestamp,
   * whose values are rarely uniform in time, or a sparse integer key, and the plan needs between 2
   * and {@value #MAX_WALK_CHUNKS} chunks.
   */
  public static boolean applies(KeyStats stats, int chunkCount) {
    if (chunkCount < 2 || chunkCount > MAX_WALK_CHUNKS) {
      return false;
    }
    return stats.type() != KeyType.INTEGER || isSparse(stats);
  }

  /**
   * Whether an integer key holds fewer than {@value #SPARSE_DENSITY} estimated rows per value of
   * its range; false when the estimate is unknown or the key is not an integer.
   */
  public static boolean isSparse(KeyStats stats) {
    if (stats.type() != KeyType.INTEGER || stats.estimatedRows() < 0) {
      return false;
    }
    double width =
        BigInteger.valueOf(stats.max())
            .subtract(BigInteger.valueOf(stats.min()))
            .add(BigInteger.ONE)
            .doubleValue();
    return stats.estimatedRows() / width < SPARSE_DENSITY;
  }

  /**
   * Chunks {@code [null, k1), [k1, k2), ..., [kn, null)} where {@code k1} is the key {@code
   * rowsPerChunk} entries after {@code min} and each next boundary {@code rowsPerChunk} entries
   * after the previous one; at most {@code maxChunks} chunks (the last then holds the rest).
   *
   * @throws IllegalStateException if the seeker returns a key that does not move forward, which a
   *     unique key never does
   */
  public static List<Chunk> split(
      long min, long rowsPerChunk, int maxChunks, KeySeeker seeker, LongFunction<String> format) {
    if (rowsPerChunk < 1) {
      throw new IllegalArgumentException("rowsPerChunk must be >= 1, got " + rowsPerChunk);
    }
    if (maxChunks < 1) {
      throw new IllegalArgumentException("maxChunks must be >= 1, got " + maxChunks);
    }
    List<Chunk> chunks = new ArrayList<>();
    String lower = null;
    long from = min;
    while (chunks.size() < maxChunks - 1) {
      OptionalLong next = seeker.keyAtOffset(from, rowsPerChunk);
      if (next.isEmpty()) {
        break;
      }
      if (next.getAsLong() <= from) {
        throw new IllegalStateException(
            "key walk from " + from + " returned " + next.getAsLong() + ": the key is not unique");
      }
      String upper = format.apply(next.getAsLong());
      chunks.add(new Chunk(chunks.size(), lower, upper));
      lower = upper;
      from = next.getAsLong();
    }
    chunks.add(new Chunk(chunks.size(), lower, null));
    return List.copyOf(chunks);
  }
}

package dev.rivet.planner.split;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Splits one chunk's key range into consecutive half-open sub-ranges, in key order, that together
 * cover exactly the chunk's range: each key of the chunk lies in exactly one sub-range. Pure
 * arithmetic on the key axis (or on block numbers, for a block-range plan); sub-ranges keep the
 * chunk's index.
 */
public final class SubRanges {
  private SubRanges() {}

  /**
   * Why the chunk's range cannot be split at all, or empty when it can: a plan without a split key,
   * the NULL-key chunk, a COALESCE key (no index serves a range of it, so each smaller range would
   * scan as much as the whole), and a keyset key (its chunks hold {@code chunk_rows} rows by
   * construction and have no axis to split on: lower chunk_rows to shorten them).
   */
  public static Optional<String> whyNotSplittable(SplitKey key, Chunk chunk) {
    return whyNotSplittable(null, key, chunk);
  }

  /**
   * {@link #whyNotSplittable(SplitKey, Chunk)} for a plan of {@code strategy}: a chunk of a
   * block-range plan can always be split into smaller block ranges.
   */
  public static Optional<String> whyNotSplittable(Strategy strategy, SplitKey key, Chunk chunk) {
    if (strategy == Strategy.BLOCK_RANGE) {
      return Optional.empty();
    }
    if (key == null) {
      return Optional.of("the export is read as one statement (it has no split key)");
    }
    if (chunk.nullKeys()) {
      return Optional.of("it is the chunk of rows whose key " + key.describe() + " is NULL");
    }
    if (key.isKeyset()) {
      return Optional.of(
          "its key "
              + key.describe()
              + " is a keyset key, whose chunks are not shrunk (lower chunk_rows to shorten them)");
    }
    if (!key.fallback().isEmpty()) {
      return Optional.of("its key " + key.describe() + " is an expression no index serves");
    }
    return Optional.empty();
  }

  /** The axis position of a chunk bound, or null for an open bound. */
  public static Long axisOf(SplitKey key, String bound) {
    return bound == null ? null : KeyAxis.toAxis(key.type(), KeyAxis.parse(key.type(), bound));
  }

  /**
   * Up to {@code pieces} sub-ranges of equal width over the axis positions {@code [first, last]}
   * that the chunk's keys occupy: its lower bound (or its smallest key when open below) to the
   * position before its upper bound (or its largest key when open above). The first sub-range keeps
   * the chunk's lower bound and the last its upper bound, so an open side stays open. Fewer than
   * {@code pieces} when the range holds fewer axis positions (then each holds exactly one); just
   * the chunk itself when it holds at most one.
   */
  public static List<Chunk> split(Chunk chunk, SplitKey key, long first, long last, int pieces) {
    return split(chunk, first, last, pieces, axis -> KeyAxis.format(key.type(), axis));
  }

  /**
   * {@link #split} for a chunk of a block-range plan: up to {@code pieces} sub-ranges of equal
   * block counts over the blocks {@code [first, last]} the chunk spans now, bounds being block
   * numbers; an open side stays open.
   */
  public static List<Chunk> splitBlocks(Chunk chunk, long first, long last, int pieces) {
    return split(chunk, first, last, pieces, Long::toString);
  }

  private static List<Chunk> split(
      Chunk chunk, long first, long last, int pieces, LongFunction<String> format) {
    if (pieces < 1) {
      throw new IllegalArgumentException("pieces must be at least 1, got " + pieces);
    }
    if (first > last) {
      throw new IllegalArgumentException("first " + first + " > last " + last);
    }
    BigInteger start = BigInteger.valueOf(first);
    BigInteger width = BigInteger.valueOf(last).subtract(start).add(BigInteger.ONE);
    int n = width.min(BigInteger.valueOf(pieces)).intValueExact();
    if (n == 1) {
      return List.of(chunk);
    }
    List<Chunk> ranges = new ArrayList<>(n);
    String lower = chunk.lowerInclusive();
    for (int i = 1; i < n; i++) {
      long boundary =
          start
              .add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)))
              .longValueExact();
      String upper = format.apply(boundary);
      ranges.add(new Chunk(chunk.index(), lower, upper));
      lower = upper;
    }
    ranges.add(new Chunk(chunk.index(), lower, chunk.upperExclusive()));
    return List.copyOf(ranges);
  }
}

package dev.rivet.planner.split;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyTuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Places keyset chunk boundaries at real keys, {@code rowsPerChunk} index entries apart, by one
 * walk of the key's index from its smallest key: each step starts where the previous boundary is,
 * so the whole walk reads each index entry once ({@code rows + chunks} entries in {@code chunks}
 * statements). Chunks are {@code [null, k1), [k1, k2), ..., [kn, null)}: open at both ends, so keys
 * inserted after planning still fall in exactly one chunk.
 */
public final class KeysetWalk {
  private KeysetWalk() {}

  /** Finds the key {@code offset} index entries after the first key {@code >= from}. */
  @FunctionalInterface
  public interface Seeker {
    Optional<KeyTuple> keyAtOffset(KeyTuple from, long offset);
  }

  /**
   * Rows per chunk for a table of {@code estimatedRows} (-1: unknown): {@code chunkRows}, raised so
   * that the walk places at most {@code maxChunks} chunks.
   */
  public static long step(long estimatedRows, long chunkRows, int maxChunks) {
    if (estimatedRows <= 0) {
      return chunkRows;
    }
    long needed = (estimatedRows + maxChunks - 1) / maxChunks;
    return Math.max(chunkRows, needed);
  }

  /**
   * At most {@code maxChunks} chunks of {@code rowsPerChunk} rows at plan time (the last holds the
   * rest); a single unbounded chunk when the index holds at most {@code rowsPerChunk} keys.
   *
   * @throws IllegalStateException if the seeker returns the bound it started from, which a unique
   *     key never does
   */
  public static List<Chunk> split(long rowsPerChunk, int maxChunks, Seeker seeker) {
    if (rowsPerChunk < 1) {
      throw new IllegalArgumentException("rowsPerChunk must be >= 1, got " + rowsPerChunk);
    }
    if (maxChunks < 1) {
      throw new IllegalArgumentException("maxChunks must be >= 1, got " + maxChunks);
    }
    List<Chunk> chunks = new ArrayList<>();
    KeyTuple from = null;
    while (chunks.size() < maxChunks - 1) {
      Optional<KeyTuple> next = seeker.keyAtOffset(from, rowsPerChunk);
      if (next.isEmpty()) {
        break;
      }
      if (next.get().equals(from)) {
        throw new IllegalStateException(
            "keyset walk from " + from.encode() + " did not move: the key is not unique");
      }
      chunks.add(
          new Chunk(chunks.size(), from == null ? null : from.encode(), next.get().encode()));
      from = next.get();
    }
    chunks.add(new Chunk(chunks.size(), from == null ? null : from.encode(), null));
    return List.copyOf(chunks);
  }
}

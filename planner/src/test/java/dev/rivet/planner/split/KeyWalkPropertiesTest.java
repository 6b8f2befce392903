package dev.rivet.planner.split;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.testing.Gen;
import java.util.List;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Properties of walking an index for boundaries, for any set of unique keys. */
class KeyWalkPropertiesTest {

  /** Unique keys, walked {@code rowsPerChunk} at a time into at most {@code maxChunks} chunks. */
  record Case(NavigableSet<Long> keys, long rowsPerChunk, int maxChunks) {
    @Override
    public String toString() {
      return "Case["
          + keys.size()
          + " keys "
          + keys
          + ", rowsPerChunk="
          + rowsPerChunk
          + ", maxChunks="
          + maxChunks
          + "]";
    }
  }

  static Gen<Case> cases() {
    Gen<List<Long>> keys =
        Gen.oneOf(
            Gen.lists(Gen.longs(), 1, 60),
            Gen.lists(Gen.longs(-100, 100), 1, 200),
            Gen.lists(Gen.longs(Long.MAX_VALUE - 50, Long.MAX_VALUE), 1, 40));
    Gen<Long> rows = Gen.oneOf(Gen.longs(1, 10), Gen.longs(1, Long.MAX_VALUE));
    Gen<Integer> maxChunks = Gen.oneOf(Gen.ints(1, 10), Gen.ints(1, 1_000));
    return random ->
        new Case(new TreeSet<>(keys.next(random)), rows.next(random), maxChunks.next(random));
  }

  /** Answers as {@code WHERE key >= ? ORDER BY key LIMIT 1 OFFSET ?} would. */
  private static OptionalLong keyAtOffset(NavigableSet<Long> keys, long from, long offset) {
    long skipped = 0;
    for (long key : keys.tailSet(from, true)) {
      if (skipped++ == offset) {
        return OptionalLong.of(key);
      }
    }
    return OptionalLong.empty();
  }

  @Test
  void shouldPutRowsPerChunkKeysInEveryChunkButTheLastAndCoverEveryKeyOnce() {
    forAll(
        1000,
        cases(),
        c -> {
          NavigableSet<Long> keys = c.keys();
          List<Chunk> chunks =
              KeyWalk.split(
                  keys.first(),
                  c.rowsPerChunk(),
                  c.maxChunks(),
                  (from, offset) -> keyAtOffset(keys, from, offset),
                  Long::toString);

          Coverage.assertPartition(chunks, null, null, null);
          assertThat(chunks.size()).isBetween(1, c.maxChunks());
          List<Long> boundaries = Coverage.boundaries(chunks);
          assertThat(keys).as("boundaries are real keys").containsAll(boundaries);
          for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            long rows = keys.stream().filter(k -> Coverage.holding(List.of(chunk), k) == 1).count();
            if (i < chunks.size() - 1) {
              assertThat(rows).as("keys in chunk %d", i).isEqualTo(c.rowsPerChunk());
            } else if (chunks.size() < c.maxChunks()) {
              assertThat(rows).as("keys in the last chunk").isBetween(1L, c.rowsPerChunk());
            }
          }
          for (long key : keys) {
            assertThat(Coverage.holding(chunks, key)).as("chunks holding %d", key).isEqualTo(1);
          }
        });
  }
}

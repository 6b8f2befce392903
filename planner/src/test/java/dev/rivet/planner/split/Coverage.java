package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import java.math.BigInteger;
import java.util.List;

/**
 * Checks that chunks on an integer key partition a range: indexes in order, each chunk's upper
 * bound the next one's lower bound, bounds strictly increasing. Together these put every key of the
 * range in exactly one chunk.
 */
final class Coverage {
  private Coverage() {}

  /**
   * Asserts that {@code chunks} are contiguous, non-empty intervals from {@code lower} to {@code
   * upper} (null for open), with indexes 0..n-1 unless {@code index} is given for all.
   */
  static void assertPartition(List<Chunk> chunks, String lower, String upper, Integer index) {
    assertThat(chunks).isNotEmpty();
    assertThat(chunks.get(0).lowerInclusive()).as("first lower bound").isEqualTo(lower);
    assertThat(chunks.get(chunks.size() - 1).upperExclusive())
        .as("last upper bound")
        .isEqualTo(upper);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertThat(chunk.index()).as("index of chunk %d", i).isEqualTo(index == null ? i : index);
      assertThat(chunk.nullKeys()).isFalse();
      if (i + 1 < chunks.size()) {
        assertThat(chunks.get(i + 1).lowerInclusive())
            .as("chunk %d starts where chunk %d ends", i + 1, i)
            .isEqualTo(chunk.upperExclusive())
            .isNotNull();
      }
      if (chunk.lowerInclusive() != null && chunk.upperExclusive() != null) {
        assertThat(new BigInteger(chunk.lowerInclusive()))
            .as("chunk %d is a non-empty interval", i)
            .isLessThan(new BigInteger(chunk.upperExclusive()));
      }
    }
  }

  /** How many of {@code chunks} hold {@code key}. */
  static long holding(List<Chunk> chunks, long key) {
    return chunks.stream()
        .filter(c -> c.lowerInclusive() == null || Long.parseLong(c.lowerInclusive()) <= key)
        .filter(c -> c.upperExclusive() == null || key < Long.parseLong(c.upperExclusive()))
        .count();
  }

  /** The inner boundaries of {@code chunks}: every upper bound but the last. */
  static List<Long> boundaries(List<Chunk> chunks) {
    return chunks.subList(0, chunks.size() - 1).stream()
        .map(c -> Long.parseLong(c.upperExclusive()))
        .toList();
  }
}

package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyWalkTest {

  /** An in-memory key index answering as {@code WHERE key >= ? ORDER BY key LIMIT 1 OFFSET ?}. */
  private static final class Index implements KeySeeker {
    private final NavigableSet<Long> keys = new TreeSet<>();
    private final List<Long> offsets = new ArrayList<>();

    Index(LongStream keys) {
      keys.forEach(this.keys::add);
    }

    @Override
    public OptionalLong keyAtOffset(long fromAxis, long offset) {
      offsets.add(offset);
      long skipped = 0;
      for (long key : keys.tailSet(fromAxis, true)) {
        if (skipped++ == offset) {
          return OptionalLong.of(key);
        }
      }
      return OptionalLong.empty();
    }
  }

  private static List<Chunk> walk(Index index, long rowsPerChunk, int maxChunks) {
    return KeyWalk.split(index.keys.first(), rowsPerChunk, maxChunks, index, Long::toString);
  }

  /** Rows of each chunk, counted in the index. */
  private static List<Long> rowsPerChunk(Index index, List<Chunk> chunks) {
    List<Long> rows = new ArrayList<>();
    for (Chunk chunk : chunks) {
      long lower =
          chunk.lowerInclusive() == null ? Long.MIN_VALUE : Long.parseLong(chunk.lowerInclusive());
      rows.add(
          index.keys.stream()
              .filter(k -> k >= lower)
              .filter(
                  k -> chunk.upperExclusive() == null || k < Long.parseLong(chunk.upperExclusive()))
              .count());
    }
    return rows;
  }

  @Test
  void shouldPlaceBoundariesAtEveryNthKeyOfASkewedIndex() {
    // 50 dense keys, then 50 spread up to 10^12.
    Index index =
        new Index(
            LongStream.concat(
                LongStream.rangeClosed(1, 50),
                LongStream.rangeClosed(1, 50).map(g -> g * 20_000_000_000L)));

    List<Chunk> chunks = walk(index, 10, 10_000);

    assertThat(chunks)
        .extracting(Chunk::upperExclusive)
        .containsExactly(
            "11",
            "21",
            "31",
            "41",
            "20000000000",
            "220000000000",
            "420000000000",
            "620000000000",
            "820000000000",
            null);
    assertThat(rowsPerChunk(index, chunks)).containsOnly(10L);
    assertThat(index.offsets).containsOnly(10L);
  }

  @Test
  void shouldLeaveTheRemainderInTheLastChunkOpenAbove() {
    Index index = new Index(LongStream.rangeClosed(1, 25));

    List<Chunk> chunks = walk(index, 10, 10_000);

    assertThat(chunks)
        .containsExactly(
            new Chunk(0, null, "11"), new Chunk(1, "11", "21"), new Chunk(2, "21", null));
    assertThat(rowsPerChunk(index, chunks)).containsExactly(10L, 10L, 5L);
  }

  @Test
  void shouldReturnOneWholeChunkWhenTheIndexHoldsAtMostOneChunkOfKeys() {
    assertThat(walk(new Index(LongStream.rangeClosed(1, 10)), 10, 10_000))
        .containsExactly(Chunk.whole());
  }

  @Test
  void shouldStopAtMaxChunksLeavingTheRestToTheLastChunk() {
    Index index = new Index(LongStream.rangeClosed(1, 1000));

    List<Chunk> chunks = walk(index, 10, 4);

    assertThat(chunks).hasSize(4);
    assertThat(rowsPerChunk(index, chunks)).containsExactly(10L, 10L, 10L, 970L);
  }

  @Test
  void shouldRefuseASeekerThatDoesNotMoveForward() {
    assertThatThrownBy(
            () ->
                KeyWalk.split(5, 10, 100, (from, offset) -> OptionalLong.of(from), Long::toString))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not unique");
  }

  @Test
  void shouldCallADenseIntegerKeyNotSparse() {
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.INTEGER, 1, 100_000, 100_000))).isFalse();
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.INTEGER, 1, 100_000, 50_000))).isFalse();
  }

  @Test
  void shouldCallAnIntegerKeyWithFewerThanHalfARowPerValueSparse() {
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.INTEGER, 1, 100_000, 49_999))).isTrue();
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE, 1)))
        .isTrue();
  }

  @Test
  void shouldCallAnIntegerKeyOfAnEmptyLookingTableSparse() {
    // An estimate of 0 is known (0 rows per value), unlike -1; kills a boundary mutant of PIT.
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.INTEGER, 1, 100, 0))).isTrue();
  }

  @Test
  void shouldNotCallAKeyWithoutAnEstimateOrNotAnIntegerSparse() {
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.INTEGER, 1, 1_000_000_000, -1))).isFalse();
    assertThat(KeyWalk.isSparse(new KeyStats(KeyType.DATE, 1, 1_000_000, 10))).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "INTEGER, 1000000000, 10, true",
    "INTEGER, 1000000000, 1000, true",
    "INTEGER, 1000000000, 1001, false",
    "INTEGER, 1000000000, 1, false",
    "INTEGER, 100, 10, false",
    "DATE, 100, 10, true",
    "TIMESTAMP, 100, 2, true",
    "TIMESTAMPTZ, 100, 1001, false"
  })
  void shouldWalkSparseAndTemporalKeysUpToMaxWalkChunks(
      KeyType type, long max, int chunkCount, boolean walks) {
    KeyStats stats = new KeyStats(type, 1, max, 100);

    assertThat(KeyWalk.applies(stats, chunkCount)).isEqualTo(walks);
  }
}

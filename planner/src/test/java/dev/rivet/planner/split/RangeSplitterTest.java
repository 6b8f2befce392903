package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeSplitterTest {

  private static List<Chunk> split(KeyType type, long min, long max, long rows, long target) {
    return split(type, min, max, rows, target, SplitPolicy.DEFAULT_MAX_CHUNKS);
  }

  private static List<Chunk> split(
      KeyType type, long min, long max, long rows, long target, int maxChunks) {
    KeyStats stats = new KeyStats(type, min, max, rows);
    return RangeSplitter.split(stats, new SplitPolicy(target, maxChunks), Long::toString);
  }

  private static long boundary(String text) {
    return Long.parseLong(text);
  }

  @Test
  void shouldReturnOneWholeChunkWhenMinEqualsMax() {
    assertThat(split(KeyType.INTEGER, 42, 42, 1, 1)).containsExactly(Chunk.whole());
    assertThat(split(KeyType.INTEGER, 42, 42, 1_000_000, 1)).containsExactly(Chunk.whole());
  }

  @Test
  void shouldReturnOneWholeChunkWhenEstimateIsZero() {
    assertThat(split(KeyType.DATE, 0, 1000, 0, 10)).containsExactly(Chunk.whole());
  }

  @Test
  void shouldSplitExactDivisionIntoEqualWidthRanges() {
    List<Chunk> chunks = split(KeyType.INTEGER, 0, 99, 100, 10);

    assertThat(chunks)
        .extracting(Chunk::lowerInclusive)
        .containsExactly(null, "10", "20", "30", "40", "50", "60", "70", "80", "90");
    assertThat(chunks)
        .extracting(Chunk::upperExclusive)
        .containsExactly("10", "20", "30", "40", "50", "60", "70", "80", "90", null);
  }

  @Test
  void shouldRoundChunkCountUpAndSpreadTheRemainder() {
    // 103 keys, 10 per chunk: 11 chunks whose widths differ by at most one.
    List<Chunk> chunks = split(KeyType.INTEGER, 1, 103, 103, 10);

    assertThat(chunks).hasSize(11);
    assertContiguous(chunks);
    long previous = 1;
    for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
      long upper = boundary(chunk.upperExclusive());
      assertThat(upper - previous).isBetween(9L, 10L);
      previous = upper;
    }
    assertThat(104 - previous).isBetween(9L, 10L);
  }

  @Test
  void shouldSplitTheWholeLongRangeWithoutOverflow() {
    List<Chunk> chunks = split(KeyType.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE, 100, 10);

    assertThat(chunks).hasSize(10);
    assertContiguous(chunks);
    BigInteger width = BigInteger.ONE.shiftLeft(64);
    for (int i = 1; i < chunks.size(); i++) {
      BigInteger expected =
          BigInteger.valueOf(Long.MIN_VALUE)
              .add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.TEN));
      assertThat(new BigInteger(chunks.get(i).lowerInclusive())).isEqualTo(expected);
    }
  }

  @Test
  void shouldUseMaxChunksForTheWholeLongRangeWhenTheEstimateIsUnknown() {
    // Unknown estimate on an integer key assumes a dense key: 2^64 rows, capped by maxChunks.
    List<Chunk> chunks = split(KeyType.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE, -1, 10_000, 64);

    assertThat(chunks).hasSize(64);
    assertContiguous(chunks);
  }

  @Test
  void shouldNotOverflowWhenTheEstimateIsNearLongMax() {
    assertThat(split(KeyType.DATE, 0, 1_000_000, Long.MAX_VALUE, 1_000, 500)).hasSize(500);
    assertThat(split(KeyType.DATE, 0, 1_000_000, Long.MAX_VALUE - 1, Long.MAX_VALUE)).hasSize(1);
  }

  @Test
  void shouldAssumeADenseIntegerKeyWhenTheEstimateIsUnknown() {
    assertThat(split(KeyType.INTEGER, 1, 100_000, -1, 10_000)).hasSize(10);
  }

  @ParameterizedTest
  @CsvSource({"DATE", "TIMESTAMP", "TIMESTAMPTZ"})
  void shouldReadTemporalKeysInOneChunkWhenTheEstimateIsUnknown(KeyType type) {
    assertThat(split(type, 0, 1_000_000, -1, 10)).containsExactly(Chunk.whole());
  }

  @Test
  void shouldBoundTheEstimateByTheWidthOfAnIntegerKey() {
    // Stale statistics claim a million rows, but a unique key over 1..100 holds at most 100.
    assertThat(split(KeyType.INTEGER, 1, 100, 1_000_000, 10)).hasSize(10);
  }

  @Test
  void shouldTakeTheEstimateOfADateKeyAsIsUpToOneChunkPerDay() {
    // Only integer keys bound the estimate by their width; 100 days may hold a million rows.
    assertThat(split(KeyType.DATE, 1, 100, 1_000_000, 10)).hasSize(100);
  }

  @Test
  void shouldCapTheChunkCountAtMaxChunks() {
    assertThat(split(KeyType.INTEGER, 1, 1_000_000, 1_000_000, 1, 7)).hasSize(7);
  }

  @ParameterizedTest
  @CsvSource({
    "INTEGER, 0, 2, 1000000, 1",
    "DATE, 100, 104, 1000000, 10",
    "TIMESTAMP, -3, 3, 1000000, 1",
    "TIMESTAMPTZ, 7, 8, 50, 1",
    "INTEGER, -1, 0, 2, 1"
  })
  void shouldNeverMakeMoreChunksThanDistinctKeys(
      KeyType type, long min, long max, long rows, long target) {
    List<Chunk> chunks = split(type, min, max, rows, target);

    assertThat(chunks).hasSize((int) (max - min + 1));
    assertContiguous(chunks);
    // Every chunk owns at least one key value: boundaries strictly increase inside (min, max].
    for (Chunk chunk : chunks.subList(1, chunks.size())) {
      assertThat(boundary(chunk.lowerInclusive())).isGreaterThan(min).isLessThanOrEqualTo(max);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "INTEGER, 1, 1000, 1000, 7",
    "INTEGER, -5000, 5000, 10001, 333",
    "DATE, -25000, 30000, 55000, 1234",
    "TIMESTAMPTZ, -9000000000000, 9000000000000, 3000000, 77777",
    "INTEGER, 9223372036854775000, 9223372036854775807, 808, 13"
  })
  void shouldMakeContiguousChunksOpenAtBothEndsWithIndexesInOrder(
      KeyType type, long min, long max, long rows, long target) {
    List<Chunk> chunks = split(type, min, max, rows, target);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertContiguous(chunks);
    assertThat(chunks).filteredOn(Chunk::isUnbounded).isEmpty();
  }

  @Test
  void shouldReportTheChunkCountItSplitsInto() {
    KeyStats stats = new KeyStats(KeyType.INTEGER, 1, 1000, 1000);
    SplitPolicy policy = new SplitPolicy(30, 100);

    assertThat(RangeSplitter.chunkCount(stats, policy))
        .isEqualTo(34)
        .isEqualTo(RangeSplitter.split(stats, policy, Long::toString).size());
  }

  @Test
  void shouldRenderBoundariesWithTheGivenFormat() {
    KeyStats stats = new KeyStats(KeyType.DATE, 0, 9, 10);

    List<Chunk> chunks =
        RangeSplitter.split(
            stats, new SplitPolicy(5, 10), axis -> KeyAxis.format(KeyType.DATE, axis));

    assertThat(chunks)
        .containsExactly(new Chunk(0, null, "1970-01-06"), new Chunk(1, "1970-01-06", null));
  }

  private static void assertContiguous(List<Chunk> chunks) {
    assertThat(chunks.get(0).lowerInclusive()).isNull();
    assertThat(chunks.get(chunks.size() - 1).upperExclusive()).isNull();
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).index()).isEqualTo(i);
      if (i + 1 < chunks.size()) {
        assertThat(chunks.get(i).upperExclusive())
            .isNotNull()
            .isEqualTo(chunks.get(i + 1).lowerInclusive());
        if (i > 0) {
          assertThat(boundary(chunks.get(i).upperExclusive()))
              .isGreaterThan(boundary(chunks.get(i).lowerInclusive()));
        }
      }
    }
  }
}

package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubRangesTest {
  private static final SplitKey ID = new SplitKey("id", KeyType.INTEGER);

  @Test
  void shouldHalveABoundedChunkKeepingItsBoundsAndIndex() {
    Chunk chunk = new Chunk(4, "100", "200");

    List<Chunk> halves = SubRanges.split(chunk, ID, 100, 199, 2);

    assertThat(halves).containsExactly(new Chunk(4, "100", "150"), new Chunk(4, "150", "200"));
  }

  @Test
  void shouldKeepOpenSidesOpenAndPlaceBoundariesBetweenTheKeysFound() {
    Chunk chunk = new Chunk(0, null, null);

    List<Chunk> quarters = SubRanges.split(chunk, ID, 1, 1000, 4);

    assertThat(quarters)
        .containsExactly(
            new Chunk(0, null, "251"),
            new Chunk(0, "251", "501"),
            new Chunk(0, "501", "751"),
            new Chunk(0, "751", null));
  }

  @Test
  void shouldCoverEveryKeyOfTheChunkExactlyOnce() {
    Chunk chunk = new Chunk(2, "-37", "1000");
    for (int pieces : new int[] {2, 3, 7, 64}) {
      List<Chunk> ranges = SubRanges.split(chunk, ID, -37, 999, pieces);

      assertThat(ranges).hasSize(pieces);
      assertThat(ranges.get(0).lowerInclusive()).isEqualTo("-37");
      assertThat(ranges.get(ranges.size() - 1).upperExclusive()).isEqualTo("1000");
      for (long key = -37; key < 1000; key++) {
        assertThat(containing(ranges, key)).as("ranges holding key %d", key).hasSize(1);
      }
    }
  }

  @Test
  void shouldSplitNoFurtherThanOneKeyValuePerRange() {
    Chunk chunk = new Chunk(1, "10", "13");

    List<Chunk> ranges = SubRanges.split(chunk, ID, 10, 12, 64);

    assertThat(ranges)
        .containsExactly(
            new Chunk(1, "10", "11"), new Chunk(1, "11", "12"), new Chunk(1, "12", "13"));
  }

  @Test
  void shouldLeaveAChunkOfOneKeyValueWhole() {
    Chunk chunk = new Chunk(3, null, "500");

    assertThat(SubRanges.split(chunk, ID, 42, 42, 8)).containsExactly(chunk);
  }

  @Test
  void shouldSplitTheWholeLongAxisWithoutOverflow() {
    Chunk chunk = Chunk.whole();

    List<Chunk> halves = SubRanges.split(chunk, ID, Long.MIN_VALUE, Long.MAX_VALUE, 2);

    assertThat(halves).containsExactly(new Chunk(0, null, "0"), new Chunk(0, "0", null));
  }

  @Test
  void shouldSplitTimestampKeysOnTheMicrosecondAxis() {
    SplitKey key = new SplitKey("at", KeyType.TIMESTAMPTZ);
    Chunk chunk = new Chunk(0, "2025-01-01T00:00Z", "2025-01-02T00:00Z");
    long first = SubRanges.axisOf(key, chunk.lowerInclusive());
    long last = SubRanges.axisOf(key, chunk.upperExclusive()) - 1;

    List<Chunk> halves = SubRanges.split(chunk, key, first, last, 2);

    assertThat(halves)
        .containsExactly(
            new Chunk(0, "2025-01-01T00:00Z", "2025-01-01T12:00Z"),
            new Chunk(0, "2025-01-01T12:00Z", "2025-01-02T00:00Z"));
  }

  @Test
  void shouldSplitDateKeysByDay() {
    SplitKey key = new SplitKey("day", KeyType.DATE);
    Chunk chunk = new Chunk(0, "2025-01-01", "2025-01-05");

    List<Chunk> ranges =
        SubRanges.split(
            chunk,
            key,
            SubRanges.axisOf(key, "2025-01-01"),
            SubRanges.axisOf(key, "2025-01-04"),
            2);

    assertThat(ranges)
        .containsExactly(
            new Chunk(0, "2025-01-01", "2025-01-03"), new Chunk(0, "2025-01-03", "2025-01-05"));
  }

  @Test
  void shouldRefuseToSplitWithoutAKeyTheNullKeyChunkAndACoalesceKey() {
    SplitKey coalesce = new SplitKey("updated_at", KeyType.TIMESTAMP, List.of("created_at"));

    assertThat(SubRanges.whyNotSplittable(null, Chunk.whole()))
        .hasValueSatisfying(why -> assertThat(why).contains("one statement"));
    assertThat(SubRanges.whyNotSplittable(ID, Chunk.ofNullKeys(5)))
        .hasValueSatisfying(why -> assertThat(why).contains("id is NULL"));
    assertThat(SubRanges.whyNotSplittable(coalesce, new Chunk(0, null, "2025-01-01T00:00")))
        .hasValueSatisfying(why -> assertThat(why).contains("COALESCE(updated_at, created_at)"));
    assertThat(SubRanges.whyNotSplittable(ID, new Chunk(0, null, "10"))).isEmpty();
  }

  @Test
  void shouldSplitABlockRangeChunkIntoSmallerBlockRangesKeepingItsOpenSide() {
    Chunk last = new Chunk(3, "300", null);

    assertThat(SubRanges.whyNotSplittable(Strategy.BLOCK_RANGE, null, last)).isEmpty();
    assertThat(SubRanges.splitBlocks(last, 300, 399, 4))
        .containsExactly(
            new Chunk(3, "300", "325"),
            new Chunk(3, "325", "350"),
            new Chunk(3, "350", "375"),
            new Chunk(3, "375", null));
    assertThat(SubRanges.splitBlocks(new Chunk(0, null, "2"), 0, 1, 8))
        .containsExactly(new Chunk(0, null, "1"), new Chunk(0, "1", "2"));
  }

  @Test
  void shouldSayAKeysetChunkIsNotShrunk() {
    SplitKey keyset =
        SplitKey.keyset(List.of(new KeyPart("a", KeyType.INTEGER), new KeyPart("b", KeyType.TEXT)));

    assertThat(SubRanges.whyNotSplittable(keyset, new Chunk(1, "[\"1\",\"a\"]", "[\"2\",\"b\"]")))
        .hasValueSatisfying(
            why -> assertThat(why).contains("(a, b) is a keyset key").contains("chunk_rows"));
  }

  @Test
  void shouldRejectAnEmptyAxisInterval() {
    assertThatThrownBy(() -> SubRanges.split(Chunk.whole(), ID, 5, 4, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SubRanges.split(Chunk.whole(), ID, 1, 4, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Chunk> containing(List<Chunk> ranges, long key) {
    List<Chunk> holding = new ArrayList<>();
    for (Chunk range : ranges) {
      boolean aboveLower =
          range.lowerInclusive() == null || key >= Long.parseLong(range.lowerInclusive());
      boolean belowUpper =
          range.upperExclusive() == null || key < Long.parseLong(range.upperExclusive());
      if (aboveLower && belowUpper) {
        holding.add(range);
      }
    }
    return holding;
  }
}

package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.Chunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRangesTest {
  private static final SplitPolicy POLICY = new SplitPolicy(1000, SplitPolicy.DEFAULT_MAX_CHUNKS);

  @Test
  void shouldAimAtChunkRowsFromTheRowsPerBlock() {
    // 100 blocks of 40 rows = 4000 rows: 4 chunks of 1000.
    assertThat(BlockRanges.chunkCount(100, 40, POLICY)).isEqualTo(4);
    assertThat(BlockRanges.chunkCount(100, 40.5, POLICY)).isEqualTo(5);
  }

  @Test
  void shouldReadATableThatFitsOneChunkAsOne() {
    assertThat(BlockRanges.chunkCount(10, 40, POLICY)).isEqualTo(1);
    assertThat(BlockRanges.chunkCount(0, 40, POLICY)).isEqualTo(1);
    assertThat(BlockRanges.chunkCount(5, 0, POLICY)).isEqualTo(1);
  }

  @Test
  void shouldNeverPlanMoreChunksThanBlocksOrTheMaximum() {
    // One wide row per block of 5000 rows each: still one chunk per block at most.
    assertThat(BlockRanges.chunkCount(3, 5000, POLICY)).isEqualTo(3);
    assertThat(BlockRanges.chunkCount(4_000_000_000L, 100, POLICY))
        .isEqualTo(SplitPolicy.DEFAULT_MAX_CHUNKS);
  }

  @Test
  void shouldSplitIntoHalfOpenRangesOpenAtBothEnds() {
    assertThat(BlockRanges.split(10, 3))
        .containsExactly(new Chunk(0, null, "3"), new Chunk(1, "3", "6"), new Chunk(2, "6", null));
  }

  @Test
  void shouldBalanceBlockCountsWithinOneBlock() {
    List<Chunk> chunks = BlockRanges.split(1001, 7);
    long previous = 0;
    for (int i = 0; i < chunks.size() - 1; i++) {
      long upper = Long.parseLong(chunks.get(i).upperExclusive());
      assertThat(upper - previous).isBetween(142L, 143L);
      previous = upper;
    }
    assertThat(1001 - previous).isBetween(142L, 143L);
  }

  @Test
  void shouldSplitTheLargestTablePostgresCanHold() {
    List<Chunk> chunks = BlockRanges.split(0xFFFF_FFFEL, 10_000);
    assertThat(chunks).hasSize(10_000);
    assertThat(chunks.get(9999).lowerInclusive()).isEqualTo("4294537797");
  }

  @Test
  void shouldReadOneChunkAsTheWholeTable() {
    assertThat(BlockRanges.split(50, 1)).containsExactly(Chunk.whole());
  }

  @Test
  void shouldRefuseMoreRangesThanBlocks() {
    assertThatThrownBy(() -> BlockRanges.split(2, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldParseBoundsAsBlockNumbers() {
    assertThat(BlockRanges.block("42")).isEqualTo(42L);
    assertThat(BlockRanges.block(null)).isNull();
  }
}

package dev.rivet.planner.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Format;
import org.junit.jupiter.api.Test;

class TuningCheckTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /** Values that trigger nothing: 4 GiB heap, 64 MiB row groups × 2, 100 B rows. */
  private static TuningCheck check(
      long chunkRows, int fetchSize, long rowGroupBytes, int parallelism, long rows, long width) {
    return new TuningCheck(
        Format.PARQUET, chunkRows, fetchSize, rowGroupBytes, parallelism, rows, width, 4 * GIB);
  }

  private static TuningCheck safe() {
    return check(500_000, 10_000, 64 * MIB, 2, 500_000, 100);
  }

  @Test
  void shouldWarnAboutNothingForDefaults() {
    assertThat(safe().warningTexts()).isEmpty();
  }

  @Test
  void shouldWarnWhenFetchSizeExceedsChunkRowsButNotWhenEqual() {
    assertThat(check(10_000, 10_000, 64 * MIB, 2, 10_000, 100).warningTexts()).isEmpty();
    assertThat(check(10_000, 10_001, 64 * MIB, 2, 10_000, 100).warningTexts())
        .containsExactly(
            "warning: fetch_size 10001 is larger than chunk_rows 10000, so each chunk arrives in"
                + " one fetch and is held in memory whole; set fetch_size to at most chunk_rows");
  }

  @Test
  void shouldWarnAboveFiveMillionRowsPerChunk() {
    assertThat(check(10_000_000, 10_000, 64 * MIB, 2, 5_000_000, -1).warningTexts()).isEmpty();
    assertThat(check(10_000_000, 10_000, 64 * MIB, 2, 5_000_001, -1).warningTexts())
        .containsExactly(
            "warning: a chunk reads about 5000001 rows, more than 5000000 rows or 1 GiB: one long"
                + " statement holds a source connection and its snapshot throughout, and a failed"
                + " chunk is read again whole; lower chunk_rows");
  }

  @Test
  void shouldWarnAboveOneGibibytePerChunk() {
    // 1 GiB / 1024 B = 1 048 576 rows.
    assertThat(check(2_000_000, 10_000, 64 * MIB, 2, 1_048_576, 1024).warningTexts()).isEmpty();
    assertThat(check(2_000_000, 10_000, 64 * MIB, 2, 1_048_577, 1024).warningTexts())
        .singleElement()
        .asString()
        .startsWith("warning: a chunk reads about 1048577 rows (1 GiB at 1 KiB per row)")
        .endsWith("lower chunk_rows");
  }

  @Test
  void shouldSayChunkRowsCannotHelpWhenTheChunkIsLargerThanChunkRows() {
    // A table without a usable key: one statement reads everything.
    assertThat(check(500_000, 10_000, 64 * MIB, 1, 20_000_000, 100).warningTexts())
        .singleElement()
        .asString()
        .contains("(1.9 GiB at 100 B per row)")
        .endsWith("chunk_rows does not bound this read (the notes above say why)");
  }

  @Test
  void shouldNotWarnAboutChunksOfUnknownSize() {
    assertThat(check(500_000, 10_000, 64 * MIB, 2, -1, 100).warningTexts()).isEmpty();
  }

  @Test
  void shouldWarnWhenRowGroupsExceedHalfTheHeap() {
    // 4 GiB heap: 4 × 512 MiB = 2 GiB is exactly half.
    assertThat(check(500_000, 10_000, 512 * MIB, 4, 500_000, 1).warningTexts()).isEmpty();
    assertThat(check(500_000, 10_000, 512 * MIB + 1, 4, 500_000, 1).warningTexts())
        .singleElement()
        .asString()
        .startsWith("warning: row_group_size 512 MiB × parallelism 4 = 2 GiB")
        .contains("more than half the JVM's max heap (4 GiB)");
  }

  @Test
  void shouldIgnoreRowGroupsForCsv() {
    TuningCheck csv = new TuningCheck(Format.CSV, 500_000, 10_000, GIB, 8, 500_000, 1, 4 * GIB);

    assertThat(csv.warningTexts()).isEmpty();
  }

  @Test
  void shouldWarnWhenFetchedRowsExceedAQuarterOfTheHeap() {
    // 8192 rows × 32 KiB × 4 = 1 GiB, exactly a quarter of the 4 GiB heap.
    assertThat(check(500_000, 8192, 64 * MIB, 4, 10_000, 32_768).warningTexts()).isEmpty();
    assertThat(check(500_000, 8193, 64 * MIB, 4, 10_000, 32_768).warningTexts())
        .singleElement()
        .asString()
        .isEqualTo(
            "warning: fetch_size 8193 × about 32 KiB per row × parallelism 4 = 1 GiB of fetched"
                + " rows is more than a quarter of the JVM's max heap (4 GiB); lower fetch_size or"
                + " parallelism, or raise the heap (-Xmx)");
  }

  @Test
  void shouldSkipHeapChecksWithoutAHeapLimitOrRowWidth() {
    TuningCheck unlimited =
        new TuningCheck(Format.PARQUET, 500_000, 10_000, GIB, 64, 1000, 1_000_000, Long.MAX_VALUE);
    TuningCheck noWidth = check(500_000, 10_000, 64 * MIB, 2, 500_000, -1);

    assertThat(unlimited.warningTexts()).isEmpty();
    assertThat(noWidth.warningTexts()).isEmpty();
  }

  @Test
  void shouldSaturateInsteadOfOverflowing() {
    TuningCheck huge =
        new TuningCheck(
            Format.PARQUET,
            Long.MAX_VALUE,
            Integer.MAX_VALUE,
            Long.MAX_VALUE / 2,
            1000,
            1,
            Long.MAX_VALUE / 2,
            GIB);

    assertThat(huge.warningTexts()).hasSize(3).filteredOn(w -> w.contains(" = 8 EiB ")).hasSize(2);
  }

  @Test
  void shouldFormatByteSizesReadably() {
    assertThat(TuningCheck.bytes(512)).isEqualTo("512 B");
    assertThat(TuningCheck.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(TuningCheck.bytes(64 * MIB)).isEqualTo("64 MiB");
    assertThat(TuningCheck.bytes(GIB + GIB / 3)).isEqualTo("1.3 GiB");
  }
}

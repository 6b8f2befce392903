package dev.rivet.planner.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.PlanNote;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationCheckTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void shouldWarnWhenAParquetRowGroupIsLargerThanAFile() {
    assertThat(
            texts(
                RotationCheck.warnings(
                    Format.PARQUET, new FileRotation(16 * MIB, 0), 64 * MIB, 1000)))
        .singleElement()
        .asString()
        .startsWith("warning: row_group_size 67108864 bytes is larger than max_file_size 16777216");
  }

  @Test
  void shouldNotWarnForCsvOrARowGroupThatFits() {
    assertThat(
            texts(
                RotationCheck.warnings(Format.CSV, new FileRotation(16 * MIB, 0), 64 * MIB, 1000)))
        .isEmpty();
    assertThat(
            texts(
                RotationCheck.warnings(
                    Format.PARQUET, new FileRotation(64 * MIB, 0), 8 * MIB, 1000)))
        .isEmpty();
    assertThat(texts(RotationCheck.warnings(Format.PARQUET, FileRotation.NONE, 64 * MIB, 1000)))
        .isEmpty();
  }

  @Test
  void shouldWarnWhenTheRowLimitCannotSplitAChunk() {
    assertThat(texts(RotationCheck.warnings(Format.CSV, new FileRotation(0, 5000), 8 * MIB, 5000)))
        .singleElement()
        .asString()
        .contains("max_rows_per_file 5000 is not below chunk_rows 5000");
    assertThat(texts(RotationCheck.warnings(Format.CSV, new FileRotation(0, 4999), 8 * MIB, 5000)))
        .isEmpty();
  }

  private static List<String> texts(List<PlanNote> notes) {
    return notes.stream().map(PlanNote::render).toList();
  }
}

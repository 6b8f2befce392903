package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import java.util.ArrayList;
import java.util.List;

/** File rotation limits checked against the settings that decide how much a file can hold. */
public final class RotationCheck {
  private RotationCheck() {}

  /** Each conflicting combination as a plan note starting with {@code "warning: "}. */
  public static List<String> warnings(
      Format format, FileRotation rotation, long rowGroupBytes, long chunkRows) {
    List<String> warnings = new ArrayList<>();
    if (format == Format.PARQUET
        && rotation.maxFileBytes() > 0
        && rowGroupBytes > rotation.maxFileBytes()) {
      warnings.add(
          "warning: row_group_size "
              + rowGroupBytes
              + " bytes is larger than max_file_size "
              + rotation.maxFileBytes()
              + " bytes: a file is only checked when a row group is flushed, so files will"
              + " exceed max_file_size; set row_group_size at or below max_file_size");
    }
    if (rotation.maxRowsPerFile() > 0 && rotation.maxRowsPerFile() >= chunkRows) {
      warnings.add(
          "warning: max_rows_per_file "
              + rotation.maxRowsPerFile()
              + " is not below chunk_rows "
              + chunkRows
              + ": every chunk already fits in one file, so the limit only matters for chunks"
              + " larger than planned");
    }
    return warnings;
  }
}

package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** File rotation limits checked against the settings that decide how much a file can hold. */
public final class RotationCheck {
  private RotationCheck() {}

  /** Each conflicting combination as a warning note. */
  public static List<PlanNote> warnings(
      Format format, FileRotation rotation, long rowGroupBytes, long chunkRows) {
    List<PlanNote> warnings = new ArrayList<>();
    if (format == Format.PARQUET
        && rotation.maxFileBytes() > 0
        && rowGroupBytes > rotation.maxFileBytes()) {
      warnings.add(
          new PlanNote(
              NoteCode.ROW_GROUP_EXCEEDS_FILE_SIZE,
              Map.of(
                  "row_group_size",
                  Long.toString(rowGroupBytes),
                  "max_file_size",
                  Long.toString(rotation.maxFileBytes()))));
    }
    if (rotation.maxRowsPerFile() > 0 && rotation.maxRowsPerFile() >= chunkRows) {
      warnings.add(
          new PlanNote(
              NoteCode.MAX_ROWS_PER_FILE_ABOVE_CHUNK,
              Map.of(
                  "max_rows_per_file",
                  Long.toString(rotation.maxRowsPerFile()),
                  "chunk_rows",
                  Long.toString(chunkRows))));
    }
    return warnings;
  }
}

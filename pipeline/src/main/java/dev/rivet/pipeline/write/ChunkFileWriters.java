package dev.rivet.pipeline.write;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Opens the {@link ChunkFileWriter} for a plan's format and compression. */
public final class ChunkFileWriters {
  private ChunkFileWriters() {}

  /**
   * Opens a writer of {@code plan.export().format()} and {@code compression()} over {@code out},
   * which the writer closes on {@link ChunkFileWriter#finish()} or {@link ChunkFileWriter#close()}
   * (also when this method fails).
   *
   * @param fileDescription names the file in error messages, e.g. its path
   * @throws dev.rivet.kernel.failure.RivetException USER_CONFIG when the columns cannot be mapped
   * @throws IOException when the first bytes (Parquet's magic, the CSV header) cannot be written
   */
  public static ChunkFileWriter open(ExportPlan plan, OutputStream out, String fileDescription)
      throws IOException {
    String location = "export " + plan.export().name() + ", " + fileDescription;
    List<ColumnType> types;
    LineageColumns lineage;
    try {
      types = OutputTypes.of(plan);
      lineage = LineageColumns.of(plan, types);
    } catch (RuntimeException e) {
      try {
        out.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    switch (plan.export().format()) {
      case PARQUET:
        return new ParquetChunkWriter(plan, types, lineage, out, location);
      case CSV:
        return new CsvChunkWriter(plan, types, lineage, out, location);
      default:
        throw new IllegalArgumentException("unhandled format " + plan.export().format());
    }
  }
}

package dev.rivet.pipeline.files;

import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.Format;
import java.io.Serializable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a run's files go: {@code <destination>/<export>/<run_id>/}, holding the data files, {@code
 * manifest.json} and {@code _SUCCESS}. A chunk's data file is {@code part-<chunk>.<ext>}; when the
 * export rotates files, a chunk writes {@code part-<chunk>-<file>.<ext>} for its files 0, 1, … .
 * Names depend only on the run, the chunk and the file's position in it, so writing a chunk again
 * replaces its files instead of adding more.
 *
 * @param numbersFiles whether file names carry the file index (the export rotates files)
 */
public record RunLayout(
    String destination, String export, String runId, String extension, boolean numbersFiles)
    implements Serializable {

  public static final String MANIFEST = "manifest.json";
  public static final String SUCCESS = "_SUCCESS";

  public static RunLayout of(ExportPlan plan) {
    String ext = plan.export().format().extension();
    if (plan.export().format() == Format.CSV) {
      ext += plan.export().compression().csvSuffix();
    }
    return new RunLayout(
        plan.export().destination(),
        plan.export().name(),
        plan.runId(),
        ext,
        !plan.export().rotation().unlimited());
  }

  public ResourceId runDirectory() {
    ResourceId base = FileSystems.matchNewResource(destination, true);
    return base.resolve(export, StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(runId, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  public ResourceId dataFile(int chunkIndex, int fileIndex) {
    return file(fileName(chunkIndex, fileIndex));
  }

  /** The name a data file has while it is being written; readers must ignore dot-files. */
  public ResourceId inProgressFile(int chunkIndex, int fileIndex) {
    return file("." + fileName(chunkIndex, fileIndex) + ".inprogress");
  }

  public ResourceId file(String name) {
    return runDirectory().resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * {@code part-00007.parquet}, or with file rotation {@code part-00007-00002.parquet}.
   *
   * @throws IllegalArgumentException for a file index other than 0 when files are not numbered
   */
  public String fileName(int chunkIndex, int fileIndex) {
    if (numbersFiles) {
      return String.format("part-%05d-%05d%s", chunkIndex, fileIndex, extension);
    }
    if (fileIndex != 0) {
      throw new IllegalArgumentException(
          "export " + export + " does not rotate files; chunk " + chunkIndex + " has only file 0");
    }
    return String.format("part-%05d%s", chunkIndex, extension);
  }
}

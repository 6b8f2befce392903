package dev.rivet.pipeline.files;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.destination.PathTemplate;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import java.io.Serializable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a run's files go: by default {@code <destination>/<export>/<run_id>/}, holding the data
 * files, {@code manifest.json} and {@code _SUCCESS}; a destination with placeholders places the run
 * folder itself ({@link PathTemplate}), and with {@code {chunk}} each chunk's files go into a
 * folder of their own inside it. A chunk's data file is {@code part-<chunk>.<ext>}; when the export
 * rotates files, a chunk writes {@code part-<chunk>-<file>.<ext>} for its files 0, 1, … . Names
 * depend only on the plan, the chunk and the file's position in it, so writing a chunk again
 * replaces its files instead of adding more.
 *
 * @param runFolder the run's folder, rendered, without a trailing slash
 * @param chunkFolder the per-chunk folder inside the run folder with {@code {chunk}} unrendered;
 *     empty when chunks share the run folder
 * @param numbersFiles whether file names carry the file index (the export rotates files)
 * @param writesInPlace whether data files are written once under their final name (object stores)
 *     instead of under an in-progress name that is renamed when complete (local)
 */
public record RunLayout(
    String runFolder,
    String chunkFolder,
    String export,
    String extension,
    boolean numbersFiles,
    boolean writesInPlace)
    implements Serializable {

  public static final String MANIFEST = "manifest.json";
  public static final String SUCCESS = "_SUCCESS";

  /**
   * The layout of the plan's run.
   *
   * @throws IllegalArgumentException when the plan writes to standard output, which has no folder
   */
  public static RunLayout of(ExportPlan plan) {
    Destination destination = plan.export().destination();
    if (destination instanceof Destination.Stdout) {
      throw new IllegalArgumentException(
          "export " + plan.export().name() + " writes to standard output, which has no files");
    }
    String ext = plan.export().format().extension();
    if (plan.export().format() == Format.CSV) {
      ext += plan.export().compression().csvSuffix();
    }
    PathTemplate template = destination.template();
    return new RunLayout(
        template.runFolder(plan.export().name(), plan.runId(), plan.createdAt()),
        template.chunkFolder(),
        plan.export().name(),
        ext,
        !plan.export().rotation().unlimited(),
        destination.writesInPlace());
  }

  public ResourceId runDirectory() {
    return FileSystems.matchNewResource(runFolder, true);
  }

  /** The folder of the chunk's data files: the run folder, or a chunk folder inside it. */
  public ResourceId chunkDirectory(int chunkIndex) {
    ResourceId dir = runDirectory();
    if (chunkFolder.isEmpty()) {
      return dir;
    }
    for (String segment : PathTemplate.renderChunk(chunkFolder, chunkIndex).split("/")) {
      dir = dir.resolve(segment, StandardResolveOptions.RESOLVE_DIRECTORY);
    }
    return dir;
  }

  public ResourceId dataFile(int chunkIndex, int fileIndex) {
    return chunkDirectory(chunkIndex)
        .resolve(fileName(chunkIndex, fileIndex), StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * The name a data file has while {@code writer} writes it on a destination that renames ({@code
   * .part-00007.parquet.<writer>.inprogress}); readers must ignore dot-files. Each writer has its
   * own, so two processes that write the same chunk (one of them paused past its lease) never write
   * into one file.
   */
  public ResourceId inProgressFile(int chunkIndex, int fileIndex, String writer) {
    return chunkDirectory(chunkIndex)
        .resolve(
            "." + fileName(chunkIndex, fileIndex) + "." + writer + ".inprogress",
            StandardResolveOptions.RESOLVE_FILE);
  }

  /** A file directly in the run folder, e.g. {@link #MANIFEST}. */
  public ResourceId file(String name) {
    return runDirectory().resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * The data file's name relative to the run folder: its {@link #fileName}, inside its chunk folder
   * when there is one ({@code chunk=00007/part-00007.parquet}).
   */
  public String relativeName(int chunkIndex, int fileIndex) {
    String name = fileName(chunkIndex, fileIndex);
    return chunkFolder.isEmpty()
        ? name
        : PathTemplate.renderChunk(chunkFolder, chunkIndex) + "/" + name;
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

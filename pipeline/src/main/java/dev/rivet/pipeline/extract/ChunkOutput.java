package dev.rivet.pipeline.extract;

import dev.rivet.pipeline.FileResult;
import dev.rivet.pipeline.files.ChunkFileCleanup;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.write.ChunkFileWriter;
import dev.rivet.pipeline.write.ChunkFileWriters;
import dev.rivet.pipeline.write.WrittenFile;
import dev.rivet.planner.model.ExportPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The files of one attempt at a chunk: rows go into file 0 until {@link FileLimitCheck} finds it
 * full, then into file 1, and so on (only file 0 without rotation). Each file is written under its
 * in-progress name and renamed to its final name when complete. {@link #finish()} deletes files an
 * earlier, longer attempt left beyond this one's last; {@link #abort} deletes this chunk's files.
 * Single use, one thread.
 */
final class ChunkOutput {
  private final ExportPlan plan;
  private final RunLayout layout;
  private final int chunkIndex;
  private final List<FileResult> completed = new ArrayList<>();
  private ResourceId inProgress;
  private ChunkFileWriter writer;
  private FileLimitCheck limit;
  private LongSupplier bytesSoFar;

  private ChunkOutput(ExportPlan plan, RunLayout layout, int chunkIndex) {
    this.plan = plan;
    this.layout = layout;
    this.chunkIndex = chunkIndex;
  }

  /** Opens the chunk's file 0; on failure nothing of it is left behind. */
  static ChunkOutput open(ExportPlan plan, RunLayout layout, int chunkIndex) throws IOException {
    ChunkOutput output = new ChunkOutput(plan, layout, chunkIndex);
    try {
      output.openNext();
    } catch (IOException | RuntimeException e) {
      output.abort(e);
      throw e;
    }
    return output;
  }

  /** Writes the result set's current row, into the next file when the current one is full. */
  void writeRow(ResultSet rs) throws SQLException, IOException {
    if (limit.isFull(writer.rows(), bytesSoFar)) {
      complete();
      openNext();
    }
    writer.writeRow(rs);
  }

  /** The file being written now, or the last one. */
  ResourceId currentFile() {
    return layout.dataFile(chunkIndex, completed.size());
  }

  /** Completes the last file and removes leftovers of earlier attempts; the chunk's files. */
  List<FileResult> finish() throws IOException {
    complete();
    ChunkFileCleanup.deleteFrom(layout, chunkIndex, completed.size());
    return List.copyOf(completed);
  }

  /**
   * Abandons the attempt: closes and deletes the file in progress and deletes every final file of
   * the chunk, so a failed chunk leaves none behind. Cleanup failures are added to {@code failure}.
   */
  void abort(Exception failure) {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
      writer = null;
    }
    if (inProgress != null) {
      try {
        FileSystems.delete(List.of(inProgress), StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
      inProgress = null;
    }
    try {
      ChunkFileCleanup.deleteFrom(layout, chunkIndex, 0);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private void openNext() throws IOException {
    ResourceId temp = layout.inProgressFile(chunkIndex, completed.size());
    inProgress = temp;
    OutputStream stream;
    try {
      stream = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.BINARY));
    } catch (IOException e) {
      throw new IOException("cannot create " + temp + " (" + e + ")", e);
    }
    ChunkFileWriter opened = ChunkFileWriters.open(plan, stream, temp.toString());
    writer = opened;
    bytesSoFar = opened::bytesSoFar;
    limit = new FileLimitCheck(plan.export().rotation());
  }

  private void complete() throws IOException {
    int fileIndex = completed.size();
    ResourceId target = layout.dataFile(chunkIndex, fileIndex);
    WrittenFile written = writer.finish();
    writer = null;
    // Local rename is atomic and replaces a file left by an earlier attempt of this chunk.
    FileSystems.rename(List.of(inProgress), List.of(target));
    inProgress = null;
    completed.add(
        new FileResult(
            plan.runId(),
            plan.export().name(),
            chunkIndex,
            fileIndex,
            target.toString(),
            written.rows(),
            written.bytes(),
            written.sha256(),
            written.warnings()));
  }
}

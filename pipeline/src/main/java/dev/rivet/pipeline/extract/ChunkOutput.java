package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.files.ChunkFileCleanup;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.files.UploadStream;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.write.ChunkFileWriter;
import dev.rivet.pipeline.write.ChunkFileWriters;
import dev.rivet.pipeline.write.FinishedFile;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The files of one attempt at a chunk: rows go into file 0 until {@link FileLimitCheck} finds it
 * full, then into file 1, and so on (only file 0 without rotation). On a local destination each
 * file is written under its in-progress name and renamed to its final name when complete; on an
 * object store ({@link RunLayout#writesInPlace()}) each is uploaded once under its final key, and
 * becomes visible only when its upload completes. {@link #finish()} deletes files an earlier,
 * longer attempt left beyond this one's last; {@link #abort} abandons the file being written (an
 * upload is never completed) and deletes this chunk's files, so nothing it wrote is ever
 * {@linkplain #emitted() emitted}. Single use, one thread.
 */
final class ChunkOutput implements ChunkSink<List<WrittenFile>> {
  private final ExportPlan plan;
  private final RunLayout layout;
  private final int chunkIndex;

  /** Names this attempt's in-progress files apart from any other writer's. */
  private final String writerName = String.format("%08x", ThreadLocalRandom.current().nextInt());

  private final List<WrittenFile> completed = new ArrayList<>();
  private ResourceId inProgress;
  private UploadStream stream;
  private ChunkFileWriter writer;
  private FileLimitCheck limit;
  private LongSupplier bytesSoFar;

  private ChunkOutput(ExportPlan plan, RunLayout layout, int chunkIndex) {
    this.plan = plan;
    this.layout = layout;
    this.chunkIndex = chunkIndex;
  }

  /** Opens each attempt's files of a chunk of {@code plan}. */
  static ChunkSink.Factory<List<WrittenFile>> files(ExportPlan plan) {
    return chunk -> {
      RunLayout layout = RunLayout.of(plan);
      try {
        return open(plan, layout, chunk.index());
      } catch (IOException e) {
        throw cannotWrite(plan, chunk.index(), layout.dataFile(chunk.index(), 0), e);
      }
    };
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

  /** Writes the source's current row, into the next file when the current one is full. */
  @Override
  public void writeRow(SourceRow rs) throws SQLException, IOException {
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

  /** Never: a file is published only when its chunk is complete, and abort deletes them all. */
  @Override
  public boolean emitted() {
    return false;
  }

  /** Completes the last file and removes leftovers of earlier attempts; the chunk's files. */
  @Override
  public List<WrittenFile> finish() throws IOException {
    complete();
    ChunkFileCleanup.deleteFrom(layout, chunkIndex, completed.size());
    return List.copyOf(completed);
  }

  /**
   * Abandons the attempt: closes and deletes the file in progress (on an object store: leaves its
   * upload incomplete) and deletes every final file of the chunk, so a failed chunk leaves none
   * behind. Cleanup failures are added to {@code failure}.
   */
  @Override
  public void abort(Exception failure) {
    if (stream != null) {
      stream.abandon();
      stream = null;
    }
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
      writer = null;
    }
    if (inProgress != null && !layout.writesInPlace()) {
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

  @Override
  public List<WrittenFile> records(List<WrittenFile> files) {
    return files;
  }

  @Override
  public RivetException cannotWrite(IOException e) {
    return cannotWrite(plan, chunkIndex, currentFile(), e);
  }

  private static RivetException cannotWrite(
      ExportPlan plan, int chunkIndex, ResourceId file, IOException e) {
    return new RivetException(
        FailureKind.DESTINATION,
        "export '"
            + plan.export().name()
            + "' chunk "
            + chunkIndex
            + ": cannot write "
            + file
            + ": "
            + e.getMessage(),
        "check that the destination exists, is writable and has free space",
        e);
  }

  private void openNext() throws IOException {
    int fileIndex = completed.size();
    ResourceId temp =
        layout.writesInPlace()
            ? layout.dataFile(chunkIndex, fileIndex)
            : layout.inProgressFile(chunkIndex, fileIndex, writerName);
    inProgress = temp;
    // Guarded on object stores: closing the writer on a failure must not publish a partial file.
    UploadStream out = UploadStream.create(temp, layout.writesInPlace());
    stream = out;
    ChunkFileWriter opened = ChunkFileWriters.open(plan, out, temp.toString());
    writer = opened;
    bytesSoFar = opened::bytesSoFar;
    limit = new FileLimitCheck(plan.export().rotation());
  }

  private void complete() throws IOException {
    int fileIndex = completed.size();
    ResourceId target = layout.dataFile(chunkIndex, fileIndex);
    // A kill here leaves this file's upload (object store) or in-progress file (local) unfinished.
    CrashPoint.reach("chunk-file-completing");
    stream.completeOnClose();
    FinishedFile written = writer.finish();
    writer = null;
    stream = null;
    if (!layout.writesInPlace()) {
      // Local rename is atomic and replaces a file left by an earlier attempt of this chunk.
      FileSystems.rename(List.of(inProgress), List.of(target));
    }
    inProgress = null;
    completed.add(
        new WrittenFile(
            plan.runId(),
            chunkIndex,
            fileIndex,
            target.toString(),
            written.rows(),
            written.bytes(),
            written.sha256(),
            written.warnings(),
            written.profile()));
  }
}

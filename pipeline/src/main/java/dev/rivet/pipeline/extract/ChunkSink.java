package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.pipeline.types.SourceRow;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * Where one attempt at a chunk writes its rows, for the {@link ChunkWorker} that runs the attempt.
 * A sink whose rows can be discarded (files: {@link #abort} deletes them) lets a failed chunk be
 * read again from its start; a sink that passes rows on to a reader who cannot give them back (a
 * stream) says so through {@link #emitted()}, and from its first row on the chunk is not read
 * again. Single use, one thread.
 *
 * @param <R> what a completed chunk wrote, e.g. its files
 */
public interface ChunkSink<R> {
  /** Writes the source's current row; must not keep it. */
  void writeRow(SourceRow row) throws SQLException, IOException;

  /**
   * Whether a row of this attempt has gone where {@link #abort} cannot take it back: then a failure
   * ends the chunk for good, whatever its kind.
   */
  boolean emitted();

  /** Completes the chunk's output; after this the attempt succeeded. */
  R finish() throws IOException;

  /** What {@code written} is as the state store records it: files 0, 1, … of the chunk. */
  List<WrittenFile> records(R written);

  /**
   * Abandons the attempt, discarding what can be discarded. Cleanup failures are added to {@code
   * failure} as suppressed.
   */
  void abort(Exception failure);

  /** The failure, of kind {@code DESTINATION}, that ends an attempt whose writing failed. */
  RivetException cannotWrite(IOException e);

  /** Opens the sink of each attempt at a chunk. */
  @FunctionalInterface
  interface Factory<R> {
    /**
     * A fresh sink for an attempt at {@code chunk}.
     *
     * @throws RivetException of kind {@code DESTINATION} when it cannot be opened; nothing of it is
     *     left behind
     */
    ChunkSink<R> open(Chunk chunk);
  }
}

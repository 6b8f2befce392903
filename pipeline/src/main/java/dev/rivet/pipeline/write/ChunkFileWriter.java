package dev.rivet.pipeline.write;

import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.WarningCounts;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Streams one chunk's rows into one output file with memory bounded by the row-group size (Parquet)
 * or a fixed buffer (CSV); single use.
 */
public interface ChunkFileWriter extends AutoCloseable {
  /** Writes the source's current row. */
  void writeRow(SourceRow row) throws SQLException, IOException;

  /** Rows written so far. */
  long rows();

  /** The values written differently from the source so far, by reason (a live counter). */
  WarningCounts warnings();

  /** The profile of the rows written since it was last drained (a live counter). */
  ColumnProfiler profiler();

  /**
   * The file's size so far, as far as the writer can tell without flushing: CSV counts the bytes
   * that left its text buffer and compressor, Parquet adds its estimate of the row group it holds
   * in memory. The finished file is larger by what is still buffered (and Parquet's footer).
   */
  long bytesSoFar();

  /** Completes the file, closes the stream, and describes exactly the bytes written. */
  FinishedFile finish() throws IOException;

  /**
   * Abort path: closes the stream without guaranteeing a valid file. Does nothing after {@link
   * #finish()} or a previous close.
   */
  @Override
  void close() throws IOException;
}

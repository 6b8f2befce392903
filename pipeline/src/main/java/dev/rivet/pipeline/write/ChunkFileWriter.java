package dev.rivet.pipeline.write;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams one chunk's rows into one output file with memory bounded by the row-group size (Parquet)
 * or a fixed buffer (CSV); single use.
 */
public interface ChunkFileWriter extends AutoCloseable {
  /** Writes the result set's current row. */
  void writeRow(ResultSet rs) throws SQLException, IOException;

  /** Completes the file, closes the stream, and describes exactly the bytes written. */
  WrittenFile finish() throws IOException;

  /**
   * Abort path: closes the stream without guaranteeing a valid file. Does nothing after {@link
   * #finish()} or a previous close.
   */
  @Override
  void close() throws IOException;
}

package dev.rivet.pipeline.govern;

import dev.rivet.pipeline.types.BinaryRead;
import dev.rivet.pipeline.types.SourceRow;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Passes a chunk's rows on to {@code next} and reports each batch of them to the run's {@link
 * ReadGate}, which may make the reader wait there (rate limits, a slowed or paused run). One per
 * chunk read, one thread.
 */
public final class PacedRows implements BinaryRead.Consumer {
  private final ReadGate gate;
  private final BinaryRead.Consumer next;
  private final int fetchSize;
  private int batch;
  private final int columns;
  private final boolean countBytes;
  private long rows;
  private long bytes;

  /**
   * @param fetchSize the export's rows per fetch
   * @param columns the columns of each row
   */
  public PacedRows(ReadGate gate, BinaryRead.Consumer next, int fetchSize, int columns) {
    this.gate = gate;
    this.next = next;
    this.fetchSize = fetchSize;
    this.batch = gate.batchRows(fetchSize);
    this.columns = columns;
    this.countBytes = gate.countsBytes();
  }

  @Override
  public void accept(SourceRow row) throws SQLException, IOException {
    if (countBytes) {
      for (int i = 1; i <= columns; i++) {
        bytes += Math.max(0, row.sentBytes(i));
      }
    }
    next.accept(row);
    rows++;
    if (rows >= batch) {
      flush();
    }
  }

  /** Reports the rows read since the last full batch: the end of a chunk. */
  public void flush() {
    if (rows > 0) {
      gate.afterBatch(rows, bytes);
      rows = 0;
      bytes = 0;
      // The governed rate changes while a chunk is read.
      batch = gate.batchRows(fetchSize);
    }
  }
}

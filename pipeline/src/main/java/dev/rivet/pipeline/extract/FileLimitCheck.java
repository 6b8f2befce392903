package dev.rivet.pipeline.extract;

import dev.rivet.kernel.plan.FileRotation;
import java.util.function.LongSupplier;

/**
 * Tells when the open file of a chunk is full under a {@link FileRotation}: once it holds {@code
 * maxRowsPerFile} rows, or once its size so far has reached {@code maxFileBytes}. The row limit is
 * exact. The size is asked for only now and then (a Parquet writer sums its buffered columns to
 * answer): at rows 1, 2, 4, … while the file is young, then at most every {@value
 * #MAX_ROWS_BETWEEN_SIZE_CHECKS} rows and at least twice as often as the rows left to the limit at
 * the average row size so far, so the rows written past the limit stay few. One instance per file.
 */
final class FileLimitCheck {
  static final long MAX_ROWS_BETWEEN_SIZE_CHECKS = 1_000;

  private final FileRotation rotation;
  private long nextSizeCheck = 1;

  FileLimitCheck(FileRotation rotation) {
    this.rotation = rotation;
  }

  /**
   * Whether the file is full before its next row is written.
   *
   * @param rows rows the file holds
   * @param bytesSoFar the file's size so far
   */
  boolean isFull(long rows, LongSupplier bytesSoFar) {
    if (rotation.maxRowsPerFile() > 0 && rows >= rotation.maxRowsPerFile()) {
      return true;
    }
    long maxBytes = rotation.maxFileBytes();
    if (maxBytes == 0 || rows < nextSizeCheck) {
      return false;
    }
    long bytes = bytesSoFar.getAsLong();
    if (bytes >= maxBytes) {
      return true;
    }
    long bytesPerRow = Math.max(1, bytes / rows);
    long rowsLeft = (maxBytes - bytes) / bytesPerRow;
    long step = Math.min(Math.min(rows, MAX_ROWS_BETWEEN_SIZE_CHECKS), rowsLeft / 2);
    nextSizeCheck = rows + Math.max(1, step);
    return false;
  }
}

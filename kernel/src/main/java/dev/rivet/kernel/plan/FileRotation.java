package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * When a chunk's output moves on to a new file: after {@code maxRowsPerFile} rows or once the file
 * has reached {@code maxFileBytes}, whichever comes first. 0 means no limit.
 */
public record FileRotation(long maxFileBytes, long maxRowsPerFile) implements Serializable {
  public static final FileRotation NONE = new FileRotation(0, 0);

  public FileRotation {
    if (maxFileBytes < 0 || maxRowsPerFile < 0) {
      throw new IllegalArgumentException("file rotation limits must not be negative");
    }
  }

  public boolean unlimited() {
    return maxFileBytes == 0 && maxRowsPerFile == 0;
  }
}

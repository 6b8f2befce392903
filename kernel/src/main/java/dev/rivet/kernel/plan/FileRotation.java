package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * When a chunk's output moves on to a new file: after {@code maxRowsPerFile} rows or once the file
 * has reached {@code maxFileBytes}, whichever comes first. 0 means no limit.
 */
public record FileRotation(long maxFileBytes, long maxRowsPerFile) implements Serializable {
  /** {@code max_rows_per_file} when set (0 is none); past a billion rows a limit limits nothing. */
  public static final SettingRange ROWS_PER_FILE =
      new SettingRange("max_rows_per_file", 1, 1_000_000_000L);

  public static final FileRotation NONE = new FileRotation(0, 0);

  public FileRotation {
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("file rotation limits must not be negative");
    }
    if (maxRowsPerFile != 0) {
      ROWS_PER_FILE.check(maxRowsPerFile);
    }
  }

  public boolean unlimited() {
    return maxFileBytes == 0 && maxRowsPerFile == 0;
  }
}

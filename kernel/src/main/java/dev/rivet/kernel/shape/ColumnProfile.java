package dev.rivet.kernel.shape;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the values of one column in one file (or one run) looked like, observed while they were
 * written: how many were NULL and the longest value. Merging two profiles of the same column gives
 * the profile of both files, so a run's shape is the merge of its files' profiles.
 *
 * @param column the column name, as the file's header or schema names it
 * @param nulls how many values were NULL
 * @param maxBytes the longest non-null value in bytes (UTF-8 for text and JSON, raw for binary); -1
 *     when the column's type is not measured or no value was measured
 * @param maxChars the longest non-null text value in characters (Unicode code points); -1 when the
 *     column is not text or no value was measured
 */
public record ColumnProfile(String column, long nulls, long maxBytes, long maxChars)
    implements Serializable {
  /** The value of {@code maxBytes} and {@code maxChars} when nothing was measured. */
  public static final long NOT_MEASURED = -1;

  public ColumnProfile {
    Objects.requireNonNull(column, "column");
    if (column.isEmpty()) {
      throw new IllegalArgumentException("a column profile needs a column name");
    }
    if (nulls < 0 || maxBytes < NOT_MEASURED || maxChars < NOT_MEASURED) {
      throw new IllegalArgumentException(
          "column "
              + column
              + ": nulls must be >= 0 and lengths >= -1, got nulls "
              + nulls
              + ", maxBytes "
              + maxBytes
              + ", maxChars "
              + maxChars);
    }
  }

  /** The profile of this column's values and {@code other}'s together. */
  public ColumnProfile merge(ColumnProfile other) {
    if (!column.equals(other.column)) {
      throw new IllegalArgumentException(
          "cannot merge the profile of column " + other.column + " into column " + column);
    }
    return new ColumnProfile(
        column,
        nulls + other.nulls,
        Math.max(maxBytes, other.maxBytes),
        Math.max(maxChars, other.maxChars));
  }
}

package dev.rivet.pipeline.write;

import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Utf8Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Observes every row a writer reads and keeps, per column, the NULL count and the longest value:
 * UTF-8 bytes and characters for text and JSON, bytes for binary; other types count NULLs only.
 * Allocates nothing per row: a text value is measured without encoding it, and not at all when it
 * is too short to beat the longest so far. Not thread-safe: one per writer.
 */
public final class ColumnProfiler {
  /**
   * Set this system property to {@code true} to skip profiling, for benchmarks that measure its
   * cost; files then record no profile and no shape drift is reported.
   */
  public static final String DISABLED_PROPERTY = "rivet.shape.profiling.disabled";

  private static final byte COUNT_NULLS = 0;
  private static final byte TEXT = 1;
  private static final byte BINARY = 2;

  private final String[] names;
  private final byte[] measure;
  private final long[] nulls;
  private final long[] maxBytes;
  private final long[] maxChars;
  private final boolean enabled;

  private ColumnProfiler(List<ColumnType> types, boolean enabled) {
    int n = types.size();
    this.names = new String[n];
    this.measure = new byte[n];
    this.nulls = new long[n];
    this.maxBytes = new long[n];
    this.maxChars = new long[n];
    this.enabled = enabled;
    for (int i = 0; i < n; i++) {
      names[i] = types.get(i).name();
      measure[i] = measureOf(types.get(i));
    }
    reset();
  }

  /** A profiler of these columns, disabled when {@value #DISABLED_PROPERTY} is {@code true}. */
  static ColumnProfiler of(List<ColumnType> types) {
    return new ColumnProfiler(types, !Boolean.getBoolean(DISABLED_PROPERTY));
  }

  private static byte measureOf(ColumnType type) {
    switch (type.kind()) {
      case STRING:
      case JSON:
        return TEXT;
      case BYTES:
        return BINARY;
      default:
        return COUNT_NULLS;
    }
  }

  /** Counts one row's values, as {@link RowReader} read them. */
  void observe(Object[] row) {
    if (!enabled) {
      return;
    }
    for (int i = 0; i < names.length; i++) {
      Object value = row[i];
      if (value == null) {
        nulls[i]++;
      } else if (measure[i] == TEXT) {
        if (value instanceof Utf8Text utf8) {
          text(i, utf8);
        } else {
          text(i, (String) value);
        }
      } else if (measure[i] == BINARY) {
        int length = ((byte[]) value).length;
        if (length > maxBytes[i]) {
          maxBytes[i] = length;
        }
      }
    }
  }

  /** As {@link #text(int, String)}, counting the bytes that start a character. */
  private void text(int i, Utf8Text value) {
    int bytes = value.length();
    // Never more characters than bytes.
    if (bytes <= maxBytes[i] && bytes <= maxChars[i]) {
      return;
    }
    if (bytes > maxBytes[i]) {
      maxBytes[i] = bytes;
    }
    int chars = value.codePoints();
    if (chars > maxChars[i]) {
      maxChars[i] = chars;
    }
  }

  private void text(int i, String value) {
    int units = value.length();
    // A UTF-16 unit is at most 3 UTF-8 bytes, and at least one character per unit pair.
    if (3L * units <= maxBytes[i] && units <= maxChars[i]) {
      return;
    }
    long bytes = units;
    long chars = units;
    for (int k = 0; k < units; k++) {
      char c = value.charAt(k);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)
          && k + 1 < units
          && Character.isLowSurrogate(value.charAt(k + 1))) {
        // Two units, one character, four bytes.
        bytes += 2;
        chars -= 1;
        k++;
      } else {
        bytes += 2;
      }
    }
    if (bytes > maxBytes[i]) {
      maxBytes[i] = bytes;
    }
    if (chars > maxChars[i]) {
      maxChars[i] = chars;
    }
  }

  /**
   * The profile of the rows observed since the last call (or since the start), in column order;
   * empty when profiling is disabled. Starts counting afresh.
   */
  public List<ColumnProfile> drain() {
    if (!enabled) {
      return List.of();
    }
    List<ColumnProfile> profile = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      profile.add(new ColumnProfile(names[i], nulls[i], maxBytes[i], maxChars[i]));
    }
    reset();
    return List.copyOf(profile);
  }

  private void reset() {
    for (int i = 0; i < names.length; i++) {
      nulls[i] = 0;
      maxBytes[i] = ColumnProfile.NOT_MEASURED;
      maxChars[i] = ColumnProfile.NOT_MEASURED;
    }
  }
}

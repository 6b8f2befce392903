package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The tuning values of one planned export, checked for combinations that make reads long or exhaust
 * the JVM's heap. Pure: the same inputs always give the same warnings.
 *
 * @param format the output format; row groups only matter for Parquet
 * @param chunkRows the export's {@code chunk_rows}
 * @param fetchSize the export's {@code fetch_size}
 * @param rowGroupBytes the export's {@code row_group_size}
 * @param parallelism the plan's effective parallelism
 * @param rowsPerChunk estimated rows of the largest chunk, -1 when unknown
 * @param averageRowBytes average row width from the source's statistics, -1 when unknown
 * @param maxHeapBytes the JVM's maximum heap ({@link Runtime#maxMemory()}); {@link Long#MAX_VALUE}
 *     when it has no limit
 */
public record TuningCheck(
    Format format,
    long chunkRows,
    int fetchSize,
    long rowGroupBytes,
    int parallelism,
    long rowsPerChunk,
    long averageRowBytes,
    long maxHeapBytes) {
  /** A chunk estimated to read more bytes than this is one long statement. */
  public static final long LONG_CHUNK_BYTES = 1L << 30;

  /** A chunk estimated to read more rows than this is one long statement. */
  public static final long LONG_CHUNK_ROWS = 5_000_000;

  public TuningCheck {
    Objects.requireNonNull(format, "format");
    // chunk_rows, fetch_size and row_group_size come from an ExportSpec, which validates them.
    if (maxHeapBytes < 1) {
      throw new IllegalArgumentException("maxHeapBytes must be >= 1, got " + maxHeapBytes);
    }
  }

  /** Each dangerous combination as a warning note. */
  public List<PlanNote> warnings() {
    List<PlanNote> warnings = new ArrayList<>();
    if (fetchSize > chunkRows) {
      warnings.add(
          new PlanNote(
              NoteCode.FETCH_EXCEEDS_CHUNK,
              Map.of(
                  "fetch_size", Long.toString(fetchSize), "chunk_rows", Long.toString(chunkRows))));
    }
    long chunkBytes =
        rowsPerChunk < 0 || averageRowBytes < 0 ? -1 : times(rowsPerChunk, averageRowBytes);
    if (rowsPerChunk > LONG_CHUNK_ROWS || chunkBytes > LONG_CHUNK_BYTES) {
      warnings.add(
          new PlanNote(
              NoteCode.LONG_CHUNK,
              Map.of(
                  "rows",
                  Long.toString(rowsPerChunk),
                  "size",
                  chunkBytes < 0
                      ? ""
                      : " (" + bytes(chunkBytes) + " at " + bytes(averageRowBytes) + " per row)",
                  "max_rows",
                  Long.toString(LONG_CHUNK_ROWS),
                  "max_bytes",
                  bytes(LONG_CHUNK_BYTES),
                  "fix",
                  rowsPerChunk > chunkRows
                      ? "chunk_rows does not bound this read (the notes above say why)"
                      : "lower chunk_rows")));
    }
    if (maxHeapBytes == Long.MAX_VALUE) {
      return warnings;
    }
    long rowGroups = times(rowGroupBytes, parallelism);
    if (format == Format.PARQUET && rowGroups > maxHeapBytes / 2) {
      warnings.add(
          new PlanNote(
              NoteCode.ROW_GROUPS_EXCEED_HEAP,
              Map.of(
                  "row_group_size",
                  bytes(rowGroupBytes),
                  "parallelism",
                  Integer.toString(parallelism),
                  "total",
                  bytes(rowGroups),
                  "max_heap",
                  bytes(maxHeapBytes))));
    }
    if (averageRowBytes >= 0) {
      long fetched = times(times(fetchSize, averageRowBytes), parallelism);
      if (fetched > maxHeapBytes / 4) {
        warnings.add(
            new PlanNote(
                NoteCode.FETCHES_EXCEED_HEAP,
                Map.of(
                    "fetch_size",
                    Integer.toString(fetchSize),
                    "row_bytes",
                    bytes(averageRowBytes),
                    "parallelism",
                    Integer.toString(parallelism),
                    "total",
                    bytes(fetched),
                    "max_heap",
                    bytes(maxHeapBytes))));
      }
    }
    return warnings;
  }

  /** The warnings as text, for display. */
  public List<String> warningTexts() {
    return warnings().stream().map(PlanNote::render).toList();
  }

  /** a × b for a, b >= 0, saturating at {@link Long#MAX_VALUE}. */
  private static long times(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 64 MiB}, {@code 2.3 GiB}. */
  static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    double value = bytes;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + " B";
    }
    String text = String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.1f", value);
    return text.replaceFirst("\\.0$", "") + " " + units[unit];
  }
}

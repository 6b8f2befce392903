package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    if (chunkRows < 1 || fetchSize < 1 || rowGroupBytes < 1 || parallelism < 1) {
      throw new IllegalArgumentException(
          "chunk_rows, fetch_size, row_group_size and parallelism must be >= 1");
    }
    if (maxHeapBytes < 1) {
      throw new IllegalArgumentException("maxHeapBytes must be >= 1, got " + maxHeapBytes);
    }
  }

  /** Each dangerous combination as a plan note starting with {@code "warning: "}. */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (fetchSize > chunkRows) {
      warnings.add(
          "warning: fetch_size "
              + fetchSize
              + " is larger than chunk_rows "
              + chunkRows
              + ", so each chunk arrives in one fetch and is held in memory whole;"
              + " set fetch_size to at most chunk_rows");
    }
    long chunkBytes =
        rowsPerChunk < 0 || averageRowBytes < 0 ? -1 : times(rowsPerChunk, averageRowBytes);
    if (rowsPerChunk > LONG_CHUNK_ROWS || chunkBytes > LONG_CHUNK_BYTES) {
      warnings.add(
          "warning: a chunk reads about "
              + rowsPerChunk
              + " rows"
              + (chunkBytes < 0
                  ? ""
                  : " (" + bytes(chunkBytes) + " at " + bytes(averageRowBytes) + " per row)")
              + ", more than "
              + LONG_CHUNK_ROWS
              + " rows or "
              + bytes(LONG_CHUNK_BYTES)
              + ": one long statement holds a source connection and its snapshot throughout,"
              + " and a failed chunk is read again whole; "
              + (rowsPerChunk > chunkRows
                  ? "chunk_rows does not bound this read (the notes above say why)"
                  : "lower chunk_rows"));
    }
    if (maxHeapBytes == Long.MAX_VALUE) {
      return warnings;
    }
    long rowGroups = times(rowGroupBytes, parallelism);
    if (format == Format.PARQUET && rowGroups > maxHeapBytes / 2) {
      warnings.add(
          "warning: row_group_size "
              + bytes(rowGroupBytes)
              + " × parallelism "
              + parallelism
              + " = "
              + bytes(rowGroups)
              + " of row groups buffered at once is more than half the JVM's max heap ("
              + bytes(maxHeapBytes)
              + "); lower row_group_size or parallelism, or raise the heap (-Xmx)");
    }
    if (averageRowBytes >= 0) {
      long fetched = times(times(fetchSize, averageRowBytes), parallelism);
      if (fetched > maxHeapBytes / 4) {
        warnings.add(
            "warning: fetch_size "
                + fetchSize
                + " × about "
                + bytes(averageRowBytes)
                + " per row × parallelism "
                + parallelism
                + " = "
                + bytes(fetched)
                + " of fetched rows is more than a quarter of the JVM's max heap ("
                + bytes(maxHeapBytes)
                + "); lower fetch_size or parallelism, or raise the heap (-Xmx)");
      }
    }
    return warnings;
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

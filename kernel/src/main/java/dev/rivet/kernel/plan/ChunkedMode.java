package dev.rivet.kernel.plan;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Every row, in chunks over {@code column} that the user chose: by rows ({@link ChunkBy#RANGE}) or
 * by calendar periods in {@code timeZone}. Chunks are half-open; rows whose column is NULL get a
 * chunk of their own.
 *
 * @param size for RANGE, rows per chunk (0: the export's chunk_rows); for calendar units, periods
 *     per chunk (0: one)
 * @param count for RANGE only: the number of chunks wanted (0: set by {@code size})
 * @param timeZone IANA zone id the calendar boundaries are taken in
 */
public record ChunkedMode(String column, ChunkBy by, long size, int count, String timeZone)
    implements ExtractMode {
  public ChunkedMode {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(by, "by");
    timeZone = timeZone == null ? "UTC" : timeZone;
    zone(timeZone);
    if (size < 0 || count < 0) {
      throw new IllegalArgumentException("chunk size and count must not be negative");
    }
    if (size > 0 && count > 0) {
      throw new IllegalArgumentException("set either chunk size or chunk count, not both");
    }
    if (count > 0 && by != ChunkBy.RANGE) {
      throw new IllegalArgumentException("chunk count applies to by: range only");
    }
  }

  public ZoneId zone() {
    return zone(timeZone);
  }

  static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a time zone (use an IANA id such as UTC or Europe/Berlin)");
    }
  }

  @Override
  public String wireName() {
    return "chunked";
  }
}

package dev.rivet.planner.split;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SpanUnit;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar arithmetic on a key axis in a time zone: where days, weeks and months begin, and spans
 * back in time. A column of instants (PostgreSQL timestamptz, MySQL TIMESTAMP read in UTC) is
 * converted to the zone; a wall-clock column (timestamp, DATETIME) and a date are already local, so
 * their periods begin at local midnight whatever the zone.
 *
 * @param instants whether axis positions are instants (UTC epoch microseconds)
 */
public record CalendarAxis(KeyType type, boolean instants, ZoneId zone) {

  public CalendarAxis {
    if (instants && type == KeyType.DATE) {
      throw new IllegalArgumentException("a date column does not hold instants");
    }
  }

  /**
   * Boundaries {@code b0 <= min < b1 < ... < bn} with {@code bn > max}, each the start of a period
   * of {@code size} units of {@code by}; {@code b0} is the start of the period holding {@code min}.
   * A period starting on a day the zone skipped starts with the next day.
   *
   * @throws IllegalArgumentException when that would take more than {@code maxChunks} chunks
   */
  public List<Long> periodStarts(ChunkBy by, long size, long min, long max, int maxChunks) {
    if (by == ChunkBy.RANGE) {
      throw new IllegalArgumentException("range chunks have no calendar periods");
    }
    LocalDate first = floor(by, localDate(min));
    List<Long> starts = new ArrayList<>();
    LocalDate date = first;
    long axis = startOf(date);
    starts.add(axis);
    while (axis <= max) {
      if (starts.size() > maxChunks) {
        throw new IllegalArgumentException(
            "chunking by "
                + size
                + " "
                + by.wireValue()
                + " from "
                + first
                + " to "
                + localDate(max)
                + " takes more than "
                + maxChunks
                + " chunks");
      }
      date = step(by, date, size);
      long next = startOf(date);
      if (next == axis) {
        // A day the zone skipped (Pacific/Apia 2011-12-30) starts where the next one does.
        continue;
      }
      axis = next;
      if (axis <= min) {
        // A day repeated by an offset change (US/Aleutian, 1867) starts the period holding min.
        starts.set(0, axis);
      } else {
        starts.add(axis);
      }
    }
    return starts;
  }

  /** The start of the {@code unit} period holding {@code now}, e.g. today's midnight for days. */
  public long floor(SpanUnit unit, Instant now) {
    ZonedDateTime local = now.atZone(zone);
    switch (unit) {
      case SECONDS:
        return axisOf(local.truncatedTo(ChronoUnit.SECONDS));
      case MINUTES:
        return axisOf(local.truncatedTo(ChronoUnit.MINUTES));
      case HOURS:
        return axisOf(local.truncatedTo(ChronoUnit.HOURS));
      case DAYS:
        return startOf(local.toLocalDate());
      case WEEKS:
        return startOf(floor(ChunkBy.WEEK, local.toLocalDate()));
      case MONTHS:
        return startOf(floor(ChunkBy.MONTH, local.toLocalDate()));
      default:
        throw new IllegalArgumentException("a time window is not measured in " + unit);
    }
  }

  /**
   * {@code axis} moved back by {@code span} (calendar units in the zone); the start of a local day
   * moves to the start of a local day, even where a DST change makes one of them begin at 01:00.
   */
  public long minus(long axis, Span span) {
    if (span.none()) {
      return axis;
    }
    if (type == KeyType.INTEGER) {
      return Math.subtractExact(axis, span.amount());
    }
    if (type == KeyType.DATE) {
      LocalDate date = LocalDate.ofEpochDay(axis);
      switch (span.unit()) {
        case KEYS:
        case DAYS:
          return date.minusDays(span.amount()).toEpochDay();
        case WEEKS:
          return date.minusWeeks(span.amount()).toEpochDay();
        case MONTHS:
          return date.minusMonths(span.amount()).toEpochDay();
        default:
          throw new IllegalArgumentException(
              "a date column cannot move by " + span + "; use days, weeks or months");
      }
    }
    switch (span.unit()) {
      case SECONDS:
        return Math.subtractExact(axis, Math.multiplyExact(span.amount(), 1_000_000L));
      case MINUTES:
        return Math.subtractExact(axis, Math.multiplyExact(span.amount(), 60_000_000L));
      case HOURS:
        return Math.subtractExact(axis, Math.multiplyExact(span.amount(), 3_600_000_000L));
      case DAYS:
      case WEEKS:
      case MONTHS:
        LocalDateTime local = localDateTime(axis);
        LocalDateTime moved = minusCalendar(local, span);
        // A day's start moves to a day's start, also where a DST change skips midnight: that day
        // starts at 01:00, the one before it at 00:00.
        return axis == startOf(local.toLocalDate()) ? startOf(moved.toLocalDate()) : axisOf(moved);
      default:
        throw new IllegalArgumentException(
            "a timestamp column cannot move by " + span + " (a number without a unit)");
    }
  }

  private static LocalDateTime minusCalendar(LocalDateTime local, Span span) {
    switch (span.unit()) {
      case WEEKS:
        return local.minusWeeks(span.amount());
      case MONTHS:
        return local.minusMonths(span.amount());
      default:
        return local.minusDays(span.amount());
    }
  }

  private static LocalDate floor(ChunkBy by, LocalDate date) {
    switch (by) {
      case WEEK:
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH:
        return date.withDayOfMonth(1);
      default:
        return date;
    }
  }

  private static LocalDate step(ChunkBy by, LocalDate date, long size) {
    switch (by) {
      case WEEK:
        return date.plusWeeks(size);
      case MONTH:
        return date.plusMonths(size);
      default:
        return date.plusDays(size);
    }
  }

  private LocalDate localDate(long axis) {
    return type == KeyType.DATE ? LocalDate.ofEpochDay(axis) : localDateTime(axis).toLocalDate();
  }

  private LocalDateTime localDateTime(long axis) {
    LocalDateTime utcOrWall =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(axis, 1_000_000L),
            (int) Math.floorMod(axis, 1_000_000L) * 1_000,
            ZoneOffset.UTC);
    return instants
        ? utcOrWall.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime()
        : utcOrWall;
  }

  /** The axis position where local day {@code date} begins. */
  private long startOf(LocalDate date) {
    if (type == KeyType.DATE) {
      return date.toEpochDay();
    }
    return instants
        ? KeyAxis.micros(date.atStartOfDay(zone).toInstant())
        : axisOf(date.atStartOfDay());
  }

  /**
   * The axis position of a zoned time: its instant, or its wall-clock time for a column without a
   * zone. Keeping the zoned value (not just its local time) matters in the repeated hour of a
   * fall-back change, where one local time names two instants.
   */
  private long axisOf(ZonedDateTime time) {
    return instants ? KeyAxis.micros(time.toInstant()) : axisOf(time.toLocalDateTime());
  }

  private long axisOf(LocalDateTime local) {
    if (type == KeyType.DATE) {
      return local.toLocalDate().toEpochDay();
    }
    // A wall time in a DST gap moves forward by the gap, as ZonedDateTime.of does.
    return instants
        ? KeyAxis.micros(local.atZone(zone).toInstant())
        : KeyAxis.micros(local.toInstant(ZoneOffset.UTC));
  }
}

package dev.rivet.planner.split;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SpanUnit;
import dev.rivet.kernel.testing.Gen;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Calendar chunks in every time zone, across DST changes: consecutive, non-overlapping periods that
 * cover the column's range, each starting where a local day, ISO week or month starts.
 */
class CalendarAxisPropertiesTest {
  /** Zones whose changes are unusual: at midnight, skipped days, 30-minute or 2-hour shifts. */
  private static final List<String> TRICKY_ZONES =
      List.of(
          "America/Sao_Paulo",
          "America/Havana",
          "America/Santiago",
          "America/Asuncion",
          "Asia/Beirut",
          "Asia/Gaza",
          "Africa/Cairo",
          "Pacific/Apia",
          "Pacific/Kwajalein",
          "Pacific/Kiritimati",
          "Australia/Lord_Howe",
          "Antarctica/Troll",
          "Europe/Dublin",
          "America/St_Johns",
          "Asia/Tehran",
          "America/New_York");

  private static final Instant EARLIEST = Instant.parse("1850-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2150-01-01T00:00:00Z");
  private static final long DAY_MICROS = 86_400_000_000L;

  /** A calendar axis: its key type, whether positions are instants, and its zone. */
  static Gen<CalendarAxis> axes() {
    Gen<ZoneId> zones =
        Gen.oneOf(
            Gen.elements(List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()))).map(ZoneId::of),
            Gen.elements(TRICKY_ZONES).map(ZoneId::of),
            Gen.ints(-18 * 3600, 18 * 3600).map(s -> ZoneOffset.ofTotalSeconds(s / 60 * 60)));
    Gen<Integer> kinds = Gen.ints(0, 3);
    return random -> {
      ZoneId zone = zones.next(random);
      switch (kinds.next(random)) {
        case 0:
          return new CalendarAxis(KeyType.TIMESTAMPTZ, true, zone);
        case 1:
          // MySQL TIMESTAMP, read as UTC instants.
          return new CalendarAxis(KeyType.TIMESTAMP, true, zone);
        case 2:
          return new CalendarAxis(KeyType.TIMESTAMP, false, zone);
        default:
          return new CalendarAxis(KeyType.DATE, false, zone);
      }
    };
  }

  /** An instant between 1850 and 2150, half the time within days of one of the zone's changes. */
  static Gen<Instant> instantsNearChanges(ZoneId zone) {
    Gen<Long> seconds = Gen.longs(EARLIEST.getEpochSecond(), LATEST.getEpochSecond());
    Gen<Long> offsets = Gen.oneOf(Gen.longs(-3 * 86_400, 3 * 86_400), Gen.of(-1L, 0L, 1L));
    return random -> {
      Instant any = Instant.ofEpochSecond(seconds.next(random), random.nextInt(1_000_000) * 1000L);
      if (random.nextBoolean()) {
        ZoneOffsetTransition change = zone.getRules().nextTransition(any);
        if (change != null && change.getInstant().isBefore(LATEST)) {
          return change.getInstant().plusSeconds(offsets.next(random));
        }
      }
      return any;
    };
  }

  record PeriodCase(CalendarAxis axis, ChunkBy by, long size, long min, long max, int maxChunks) {}

  static Gen<PeriodCase> periodCases() {
    Gen<ChunkBy> bys = Gen.of(ChunkBy.DAY, ChunkBy.WEEK, ChunkBy.MONTH);
    Gen<Long> sizes = Gen.oneOf(Gen.longs(1, 3), Gen.longs(1, 400));
    Gen<Long> lengths = Gen.oneOf(Gen.longs(0, 3 * DAY_MICROS), Gen.longs(0, 800 * DAY_MICROS));
    Gen<Integer> maxChunks = Gen.oneOf(Gen.ints(1, 20), Gen.ints(1, 2_000));
    return axes()
        .flatMap(
            axis ->
                random -> {
                  long min = position(axis, instantsNearChanges(axis.zone()).next(random));
                  long length = lengths.next(random);
                  long max = axis.type() == KeyType.DATE ? min + length / DAY_MICROS : min + length;
                  return new PeriodCase(
                      axis, bys.next(random), sizes.next(random), min, max, maxChunks.next(random));
                });
  }

  @Test
  void shouldCoverTheRangeWithConsecutivePeriodsStartingOnLocalCalendarBoundaries() {
    forAll(
        1000,
        periodCases(),
        c -> {
          CalendarAxis axis = c.axis();
          IllegalArgumentException tooMany =
              catchThrowableOfType(
                  IllegalArgumentException.class,
                  () -> axis.periodStarts(c.by(), c.size(), c.min(), c.max(), c.maxChunks()));
          List<Long> starts =
              axis.periodStarts(c.by(), c.size(), c.min(), c.max(), Integer.MAX_VALUE - 1);
          int chunks = starts.size() - 1;
          if (tooMany != null) {
            assertThat(chunks).as("chunks needed when refused").isGreaterThan(c.maxChunks());
            assertThat(tooMany).hasMessageContaining("takes more than " + c.maxChunks());
          } else {
            assertThat(chunks).as("chunks").isBetween(1, c.maxChunks());
          }
          // Chunks are [start(i), start(i+1)): they cover [min, max] when the starts rise strictly
          // from at most min to past max, and none is empty or wholly past max.
          assertThat(starts.get(0)).isLessThanOrEqualTo(c.min());
          assertThat(starts.get(1)).isGreaterThan(c.min());
          assertThat(starts.get(chunks)).isGreaterThan(c.max());
          assertThat(starts.get(chunks - 1)).isLessThanOrEqualTo(c.max());
          // Periods follow a grid of local dates size units apart from the first one (a Monday or
          // a 1st); each starts where java.time says its first day starts, so a day the zone
          // skipped starts with the next day and is no chunk of its own.
          LocalDate grid = localDate(axis, starts.get(0));
          for (int i = 0; i < chunks; i++) {
            assertThat(starts.get(i)).as("start %d rises", i).isLessThan(starts.get(i + 1));
            LocalDate date = localDate(axis, starts.get(i));
            assertThat(starts.get(i))
                .as("start %d begins %s", i, date)
                .isEqualTo(startOf(axis, date));
            if (c.by() == ChunkBy.WEEK) {
              assertThat(grid.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            } else if (c.by() == ChunkBy.MONTH) {
              assertThat(grid.getDayOfMonth()).isEqualTo(1);
            }
            long next;
            do {
              grid = step(c.by(), grid, c.size());
              next = startOf(axis, grid);
            } while (next == starts.get(i));
            assertThat(starts.get(i + 1))
                .as("period %d ends %d %s after it starts", i, c.size(), c.by())
                .isEqualTo(next);
          }
        });
  }

  record WindowCase(CalendarAxis axis, Instant now, Span last) {}

  static Gen<WindowCase> windowCases() {
    Gen<SpanUnit> units = Gen.of(SpanUnit.DAYS, SpanUnit.WEEKS, SpanUnit.MONTHS);
    Gen<Long> amounts = Gen.oneOf(Gen.longs(1, 3), Gen.longs(1, 500));
    return axes()
        .flatMap(
            axis ->
                random ->
                    new WindowCase(
                        axis,
                        instantsNearChanges(axis.zone()).next(random),
                        new Span(amounts.next(random), units.next(random))));
  }

  @Test
  void shouldPlaceTimeWindowsOnLocalCalendarBoundaries() {
    forAll(
        1000,
        windowCases(),
        c -> {
          CalendarAxis axis = c.axis();
          SpanUnit unit = c.last().unit();
          long end = axis.floor(unit, c.now());
          long start = axis.minus(end, c.last());

          LocalDate endDate = localDate(axis, end);
          assertThat(endDate).isEqualTo(periodOf(unit, c.now().atZone(axis.zone()).toLocalDate()));
          assertThat(end).as("end begins %s", endDate).isEqualTo(startOf(axis, endDate));
          // The start of the day span before; a day the zone skipped starts with the next day,
          // so a window of only that day is empty.
          LocalDate startDate = endDate.minus(c.last().amount(), chronoUnit(unit));
          assertThat(start).as("start of %s", startDate).isEqualTo(startOf(axis, startDate));
          assertThat(start).isLessThanOrEqualTo(end);
        });
  }

  /**
   * The axis position of an instant: itself, its wall-clock time in the zone, or its local date.
   */
  private static long position(CalendarAxis axis, Instant instant) {
    if (axis.instants()) {
      return micros(instant);
    }
    LocalDateTime local = LocalDateTime.ofInstant(instant, axis.zone());
    return axis.type() == KeyType.DATE
        ? local.toLocalDate().toEpochDay()
        : micros(local.toInstant(ZoneOffset.UTC));
  }

  private static LocalDate localDate(CalendarAxis axis, long position) {
    if (axis.type() == KeyType.DATE) {
      return LocalDate.ofEpochDay(position);
    }
    Instant instant = Instant.EPOCH.plus(position, ChronoUnit.MICROS);
    return axis.instants()
        ? instant.atZone(axis.zone()).toLocalDate()
        : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toLocalDate();
  }

  /** Where local day {@code date} begins, computed with java.time alone. */
  private static long startOf(CalendarAxis axis, LocalDate date) {
    if (axis.type() == KeyType.DATE) {
      return date.toEpochDay();
    }
    return micros(
        axis.instants()
            ? date.atStartOfDay(axis.zone()).toInstant()
            : date.atStartOfDay().toInstant(ZoneOffset.UTC));
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

  private static LocalDate periodOf(SpanUnit unit, LocalDate date) {
    switch (unit) {
      case WEEKS:
        return date.minusDays(date.getDayOfWeek().getValue() - 1);
      case MONTHS:
        return date.withDayOfMonth(1);
      default:
        return date;
    }
  }

  private static ChronoUnit chronoUnit(SpanUnit unit) {
    switch (unit) {
      case WEEKS:
        return ChronoUnit.WEEKS;
      case MONTHS:
        return ChronoUnit.MONTHS;
      default:
        return ChronoUnit.DAYS;
    }
  }

  private static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}

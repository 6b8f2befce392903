package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SpanUnit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CalendarAxisTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final CalendarAxis INSTANTS_NY =
      new CalendarAxis(KeyType.TIMESTAMPTZ, true, NEW_YORK);
  private static final CalendarAxis WALL_NY = new CalendarAxis(KeyType.TIMESTAMP, false, NEW_YORK);
  private static final CalendarAxis DATES_NY = new CalendarAxis(KeyType.DATE, false, NEW_YORK);
  private static final long HOUR = 3_600_000_000L;

  /** Axis position of an instant column value, e.g. {@code 2026-03-08T05:00:00Z}. */
  private static long instant(String text) {
    return KeyAxis.toAxis(KeyType.TIMESTAMPTZ, Instant.parse(text).atOffset(ZoneOffset.UTC));
  }

  /** Axis position of a wall-clock column value, e.g. {@code 2026-03-08T00:00}. */
  private static long wall(String text) {
    return KeyAxis.toAxis(KeyType.TIMESTAMP, LocalDateTime.parse(text));
  }

  private static long date(String text) {
    return LocalDate.parse(text).toEpochDay();
  }

  private static List<String> asText(KeyType type, List<Long> axes) {
    return axes.stream().map(a -> KeyAxis.format(type, a)).collect(Collectors.toList());
  }

  @Test
  void shouldPlaceDayBoundariesAtLocalMidnightAcrossTheSpringForwardChange() {
    // 2026-03-08 02:00 EST becomes 03:00 EDT in New York.
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.DAY, 1, instant("2026-03-07T17:00:00Z"), instant("2026-03-09T16:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly(
            "2026-03-07T05:00Z", "2026-03-08T05:00Z", "2026-03-09T04:00Z", "2026-03-10T04:00Z");
    assertThat(starts.get(2) - starts.get(1)).isEqualTo(23 * HOUR);
    assertThat(starts.get(1) - starts.get(0)).isEqualTo(24 * HOUR);
    assertThat(starts.get(3) - starts.get(2)).isEqualTo(24 * HOUR);
  }

  @Test
  void shouldMakeTheFallBackDay25HoursLong() {
    // 2026-11-01 02:00 EDT becomes 01:00 EST.
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.DAY, 1, instant("2026-11-01T12:00:00Z"), instant("2026-11-01T23:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly("2026-11-01T04:00Z", "2026-11-02T05:00Z");
    assertThat(starts.get(1) - starts.get(0)).isEqualTo(25 * HOUR);
  }

  @Test
  void shouldStartTheFirstPeriodAtTheLocalDayOfTheMinimumNotItsUtcDay() {
    // 2026-03-07T03:00Z is still the evening of March 6 in New York.
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.DAY, 1, instant("2026-03-07T03:00:00Z"), instant("2026-03-07T03:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly("2026-03-06T05:00Z", "2026-03-07T05:00Z");
  }

  @Test
  void shouldEndWithABoundaryPastTheMaximumEvenWhenTheMaximumIsAMidnight() {
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.DAY, 1, instant("2026-03-07T05:00:00Z"), instant("2026-03-08T05:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly("2026-03-07T05:00Z", "2026-03-08T05:00Z", "2026-03-09T04:00Z");
  }

  @Test
  void shouldNotMakeAChunkOfADayTheZoneSkipped() {
    // Kwajalein went from -12:00 to +12:00 after 1993-08-20: August 21 never began there.
    // Found by CalendarAxisPropertiesTest; the day used to give an empty chunk [x, x).
    CalendarAxis kwajalein =
        new CalendarAxis(KeyType.TIMESTAMPTZ, true, ZoneId.of("Pacific/Kwajalein"));

    List<Long> starts =
        kwajalein.periodStarts(
            ChunkBy.DAY, 1, instant("1993-08-20T13:00:00Z"), instant("1993-08-22T13:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly(
            "1993-08-20T12:00Z", "1993-08-21T12:00Z", "1993-08-22T12:00Z", "1993-08-23T12:00Z");
  }

  @Test
  void shouldStartTheFirstChunkAtTheLaterOfTwoRepeatedDays() {
    // Alaska moved from Russian to American time in 1867: October 18 began twice. The first chunk
    // used to be the earlier one, wholly before the minimum. Found by CalendarAxisPropertiesTest.
    CalendarAxis aleutian = new CalendarAxis(KeyType.TIMESTAMPTZ, true, ZoneId.of("US/Aleutian"));
    long min = -3_225_223_122_000_000L;

    List<Long> starts = aleutian.periodStarts(ChunkBy.DAY, 1, min, min, 100);

    assertThat(starts).hasSize(2);
    assertThat(starts.get(0)).isLessThanOrEqualTo(min);
    assertThat(starts.get(1)).isGreaterThan(min);
    // A minimum right at the start of the day holding it: that start is the first boundary.
    long later = starts.get(0);
    assertThat(aleutian.periodStarts(ChunkBy.DAY, 1, later, later, 100))
        .containsExactly(later, starts.get(1));
  }

  @Test
  void shouldGroupSeveralDaysPerChunkWithSize() {
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.DAY, 3, instant("2026-03-07T12:00:00Z"), instant("2026-03-12T12:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly("2026-03-07T05:00Z", "2026-03-10T04:00Z", "2026-03-13T04:00Z");
  }

  @Test
  void shouldStartWeeksOnMondayAtLocalMidnight() {
    // Wednesday 2026-03-04 to Sunday 2026-03-15 (local).
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.WEEK, 1, instant("2026-03-04T15:00:00Z"), instant("2026-03-15T15:00:00Z"), 100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly("2026-03-02T05:00Z", "2026-03-09T04:00Z", "2026-03-16T04:00Z");
    for (long start : starts) {
      assertThat(Instant.EPOCH.plusNanos(start * 1000).atZone(NEW_YORK).getDayOfWeek().toString())
          .isEqualTo("MONDAY");
    }
  }

  @Test
  void shouldStartMonthsOnTheFirstAtLocalMidnight() {
    List<Long> starts =
        INSTANTS_NY.periodStarts(
            ChunkBy.MONTH,
            1,
            instant("2026-01-15T12:00:00Z"),
            instant("2026-03-20T12:00:00Z"),
            100);

    assertThat(asText(KeyType.TIMESTAMPTZ, starts))
        .containsExactly(
            "2026-01-01T05:00Z", "2026-02-01T05:00Z", "2026-03-01T05:00Z", "2026-04-01T04:00Z");
  }

  @Test
  void shouldGroupMonthsIntoQuartersWithSize() {
    List<Long> starts =
        DATES_NY.periodStarts(ChunkBy.MONTH, 3, date("2026-02-10"), date("2026-08-31"), 100);

    assertThat(asText(KeyType.DATE, starts))
        .containsExactly("2026-02-01", "2026-05-01", "2026-08-01", "2026-11-01");
  }

  @Test
  void shouldIgnoreTheZoneForWallClockTimestamps() {
    List<Long> starts =
        WALL_NY.periodStarts(
            ChunkBy.DAY, 1, wall("2026-03-07T23:30:00"), wall("2026-03-09T00:00:00"), 100);

    assertThat(asText(KeyType.TIMESTAMP, starts))
        .containsExactly(
            "2026-03-07T00:00", "2026-03-08T00:00", "2026-03-09T00:00", "2026-03-10T00:00");
    assertThat(starts.get(2) - starts.get(1)).isEqualTo(24 * HOUR);
  }

  @Test
  void shouldReadAWallClockTimestampTheSameInAnyZone() {
    CalendarAxis tokyo = new CalendarAxis(KeyType.TIMESTAMP, false, ZoneId.of("Asia/Tokyo"));
    long min = wall("2026-06-30T22:00:00");
    long max = wall("2026-07-02T01:00:00");

    assertThat(tokyo.periodStarts(ChunkBy.DAY, 1, min, max, 100))
        .isEqualTo(WALL_NY.periodStarts(ChunkBy.DAY, 1, min, max, 100));
  }

  @Test
  void shouldChunkDatesByDayWeekAndMonth() {
    assertThat(
            asText(
                KeyType.DATE,
                DATES_NY.periodStarts(ChunkBy.DAY, 1, date("2026-03-07"), date("2026-03-09"), 100)))
        .containsExactly("2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10");
    assertThat(
            asText(
                KeyType.DATE,
                DATES_NY.periodStarts(
                    ChunkBy.WEEK, 1, date("2026-03-08"), date("2026-03-09"), 100)))
        .containsExactly("2026-03-02", "2026-03-09", "2026-03-16");
    assertThat(
            asText(
                KeyType.DATE,
                DATES_NY.periodStarts(
                    ChunkBy.MONTH, 1, date("2025-12-31"), date("2026-01-01"), 100)))
        .containsExactly("2025-12-01", "2026-01-01", "2026-02-01");
  }

  @Test
  void shouldTreatMySqlTimestampsReadInUtcAsInstants() {
    // MySQL TIMESTAMP is read in a UTC session: a TIMESTAMP key whose axis is the UTC instant.
    CalendarAxis mysqlTimestamp = new CalendarAxis(KeyType.TIMESTAMP, true, NEW_YORK);

    List<Long> starts =
        mysqlTimestamp.periodStarts(
            ChunkBy.DAY, 1, wall("2026-03-08T12:00:00"), wall("2026-03-08T12:00:00"), 100);

    assertThat(asText(KeyType.TIMESTAMP, starts))
        .containsExactly("2026-03-08T05:00", "2026-03-09T04:00");
  }

  @Test
  void shouldAllowExactlyMaxChunksAndRejectOneMore() {
    long min = date("2026-01-01");

    assertThat(DATES_NY.periodStarts(ChunkBy.DAY, 1, min, date("2026-01-10"), 10)).hasSize(11);
    assertThatThrownBy(() -> DATES_NY.periodStarts(ChunkBy.DAY, 1, min, date("2026-01-11"), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunking by 1 day from 2026-01-01 to 2026-01-11 takes more than 10 chunks");
  }

  @Test
  void shouldRejectCalendarPeriodsForRangeChunks() {
    assertThatThrownBy(() -> DATES_NY.periodStarts(ChunkBy.RANGE, 1, 0, 10, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range chunks have no calendar periods");
  }

  @Test
  void shouldRejectInstantsOnADateColumn() {
    assertThatThrownBy(() -> new CalendarAxis(KeyType.DATE, true, NEW_YORK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldFloorNowToTheStartOfItsLocalDayHourAndMonth() {
    Instant now = Instant.parse("2026-03-10T15:30:45.123456Z"); // 11:30:45 EDT

    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.DAYS, now)))
        .isEqualTo("2026-03-10T04:00Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.HOURS, now)))
        .isEqualTo("2026-03-10T15:00Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.MINUTES, now)))
        .isEqualTo("2026-03-10T15:30Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.SECONDS, now)))
        .isEqualTo("2026-03-10T15:30:45Z");
    // March 1 was still standard time.
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.MONTHS, now)))
        .isEqualTo("2026-03-01T05:00Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.WEEKS, now)))
        .isEqualTo("2026-03-09T04:00Z");
  }

  @Test
  void shouldFloorToTheLocalDayWhenItDiffersFromTheUtcDay() {
    Instant now = Instant.parse("2026-03-10T02:00:00Z"); // 22:00 EDT on March 9

    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.DAYS, now)))
        .isEqualTo("2026-03-09T04:00Z");
  }

  @Test
  void shouldFloorTheRepeatedFallBackHourToItsOwnStart() {
    // 06:30Z is 01:30 EST, the second 01:30 of 2026-11-01; its hour began at 06:00Z, not 05:00Z.
    Instant now = Instant.parse("2026-11-01T06:30:00Z");

    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.floor(SpanUnit.HOURS, now)))
        .isEqualTo("2026-11-01T06:00Z");
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMPTZ,
                INSTANTS_NY.floor(SpanUnit.HOURS, Instant.parse("2026-11-01T05:30:00Z"))))
        .isEqualTo("2026-11-01T05:00Z");
  }

  @Test
  void shouldFloorHoursInAHalfHourZoneAtLocalWholeHours() {
    CalendarAxis kolkata = new CalendarAxis(KeyType.TIMESTAMPTZ, true, ZoneId.of("Asia/Kolkata"));

    // 10:45Z is 16:15 IST; the local hour began at 16:00 IST = 10:30Z.
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMPTZ,
                kolkata.floor(SpanUnit.HOURS, Instant.parse("2026-03-10T10:45:00Z"))))
        .isEqualTo("2026-03-10T10:30Z");
  }

  @Test
  void shouldFloorWallClockAndDateColumnsToLocalValues() {
    Instant now = Instant.parse("2026-03-10T02:00:00Z"); // 22:00 EDT on March 9

    assertThat(KeyAxis.format(KeyType.TIMESTAMP, WALL_NY.floor(SpanUnit.DAYS, now)))
        .isEqualTo("2026-03-09T00:00");
    assertThat(KeyAxis.format(KeyType.TIMESTAMP, WALL_NY.floor(SpanUnit.HOURS, now)))
        .isEqualTo("2026-03-09T22:00");
    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.floor(SpanUnit.DAYS, now)))
        .isEqualTo("2026-03-09");
    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.floor(SpanUnit.MONTHS, now)))
        .isEqualTo("2026-03-01");
  }

  @Test
  void shouldRejectFlooringToKeyUnits() {
    assertThatThrownBy(() -> INSTANTS_NY.floor(SpanUnit.KEYS, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMoveBackFixedHoursButCalendarDaysAcrossTheDstChange() {
    long midnight = instant("2026-03-10T04:00:00Z"); // 2026-03-10 00:00 EDT

    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMPTZ, INSTANTS_NY.minus(midnight, Span.parse("72 hours"))))
        .isEqualTo("2026-03-07T04:00Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.minus(midnight, Span.parse("3d"))))
        .isEqualTo("2026-03-07T05:00Z");
    assertThat(
            Duration.ofNanos((midnight - INSTANTS_NY.minus(midnight, Span.parse("3 days"))) * 1000))
        .isEqualTo(Duration.ofHours(71));
    assertThat(
            KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.minus(midnight, Span.parse("1 week"))))
        .isEqualTo("2026-03-03T05:00Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.minus(midnight, Span.parse("30m"))))
        .isEqualTo("2026-03-10T03:30Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, INSTANTS_NY.minus(midnight, Span.parse("90s"))))
        .isEqualTo("2026-03-10T03:58:30Z");
  }

  @Test
  void shouldMoveBackMonthsToTheSameDayOrTheLastDayOfAShorterMonth() {
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMPTZ,
                INSTANTS_NY.minus(instant("2026-04-01T04:00:00Z"), Span.parse("1 month"))))
        .isEqualTo("2026-03-01T05:00Z");
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMP,
                WALL_NY.minus(wall("2026-03-31T10:00:00"), Span.parse("1 month"))))
        .isEqualTo("2026-02-28T10:00");
    assertThat(
            KeyAxis.format(KeyType.DATE, DATES_NY.minus(date("2024-03-31"), Span.parse("1 month"))))
        .isEqualTo("2024-02-29");
  }

  @Test
  void shouldMoveWallClockDaysBy24HoursWhateverTheZone() {
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMP, WALL_NY.minus(wall("2026-03-09T00:00:00"), Span.parse("1 day"))))
        .isEqualTo("2026-03-08T00:00");
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMP, WALL_NY.minus(wall("2026-03-09T00:00:00"), Span.parse("2h"))))
        .isEqualTo("2026-03-08T22:00");
  }

  @Test
  void shouldMoveDatesByDaysWeeksMonthsAndBareNumbersOfDays() {
    long d = date("2026-03-10");

    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.minus(d, Span.parse("3 days"))))
        .isEqualTo("2026-03-07");
    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.minus(d, Span.parse("3"))))
        .isEqualTo("2026-03-07");
    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.minus(d, Span.parse("2 weeks"))))
        .isEqualTo("2026-02-24");
    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.minus(d, Span.parse("2 months"))))
        .isEqualTo("2026-01-10");
  }

  @Test
  void shouldStartAOneDayWindowAtMidnightBeforeADayThatStartsAtOneOClock() {
    // Sao Paulo sprang forward at midnight on 2018-11-04: that day began at 01:00, November 3 at
    // 00:00. Found by CalendarAxisPropertiesTest.
    CalendarAxis saoPaulo =
        new CalendarAxis(KeyType.TIMESTAMPTZ, true, ZoneId.of("America/Sao_Paulo"));
    long end = saoPaulo.floor(SpanUnit.DAYS, Instant.parse("2018-11-04T15:00:00Z"));

    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, end)).isEqualTo("2018-11-04T03:00Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, saoPaulo.minus(end, Span.parse("1 day"))))
        .isEqualTo("2018-11-03T03:00Z");
    // A position that is not a day's start keeps its local time, 13:00.
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMPTZ,
                saoPaulo.minus(instant("2018-11-04T15:00:00Z"), Span.parse("1 day"))))
        .isEqualTo("2018-11-03T16:00Z");
  }

  @Test
  void shouldKeepTheFractionOfASecondWhenMovingBackByCalendarUnits() {
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMPTZ,
                INSTANTS_NY.minus(instant("2026-03-10T12:00:00.123456Z"), Span.parse("1 day"))))
        .isEqualTo("2026-03-09T12:00:00.123456Z");
    assertThat(
            KeyAxis.format(
                KeyType.TIMESTAMP,
                WALL_NY.minus(wall("2026-03-31T23:59:59.999999"), Span.parse("1 month"))))
        .isEqualTo("2026-02-28T23:59:59.999999");
  }

  @Test
  void shouldFloorADateColumnToItsDayForUnitsShorterThanADay() {
    // Time windows refuse such units on dates; the axis still answers with the local day.
    Instant now = Instant.parse("2026-03-10T03:30:00Z");

    assertThat(KeyAxis.format(KeyType.DATE, DATES_NY.floor(SpanUnit.HOURS, now)))
        .isEqualTo("2026-03-09");
  }

  @Test
  void shouldMoveIntegersByKeysAndLeaveAnyAxisAloneForNoSpan() {
    CalendarAxis integers = new CalendarAxis(KeyType.INTEGER, false, ZoneOffset.UTC);

    assertThat(integers.minus(1000, Span.parse("250"))).isEqualTo(750);
    assertThat(integers.minus(1000, Span.NONE)).isEqualTo(1000);
    assertThat(INSTANTS_NY.minus(12345, Span.NONE)).isEqualTo(12345);
  }

  @Test
  void shouldRejectUnitsAColumnCannotMoveBy() {
    assertThatThrownBy(() -> DATES_NY.minus(date("2026-03-10"), Span.parse("6h")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a date column cannot move by 6 hours; use days, weeks or months");
    assertThatThrownBy(() -> INSTANTS_NY.minus(0, Span.parse("1000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a timestamp column cannot move by 1000 (a number without a unit)");
  }

  @Test
  void shouldFailRatherThanOverflowFarFromTheEpoch() {
    assertThatThrownBy(() -> INSTANTS_NY.minus(Long.MIN_VALUE + 1, Span.parse("1h")))
        .isInstanceOf(ArithmeticException.class);
  }
}

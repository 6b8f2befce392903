package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** A CSV date is the text ISO_LOCAL_DATE prints, for every date PostgreSQL and MySQL can hold. */
class CsvDateTextTest {
  private static final ColumnType DATE =
      ColumnType.scalar("d", "date", SourceKind.POSTGRESQL, LogicalKind.DATE, true);

  private static void check(LocalDate date) {
    assertThat(CsvText.format(DATE, date))
        .as("%s", date)
        .isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
  }

  @Test
  void shouldPrintEveryDayOfYearsAroundEachChangeOfWidthAndSignAsIsoLocalDate() {
    // Every day of the years where the width or sign of the year changes, and the first and last
    // day of every year from 4713 BC (year -4712) to 10999.
    int[][] spans = {{-1001, 1001}, {9998, 10001}};
    for (int[] span : spans) {
      for (LocalDate d = LocalDate.of(span[0], 1, 1); d.getYear() <= span[1]; d = d.plusDays(1)) {
        check(d);
      }
    }
    for (int year = -4712; year < 11_000; year++) {
      check(LocalDate.of(year, 1, 1));
      check(LocalDate.of(year, 12, 31));
    }
    check(LocalDate.of(-4712, 11, 24));
    check(LocalDate.of(0, 2, 29));
    check(LocalDate.of(99_999, 12, 31));
    check(LocalDate.of(5_874_897, 12, 31));
    check(LocalDate.of(-99_999, 1, 1));
  }
}

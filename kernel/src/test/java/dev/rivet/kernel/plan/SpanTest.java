package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpanTest {

  @ParameterizedTest
  @CsvSource({
    "30s, 30, SECONDS",
    "1 sec, 1, SECONDS",
    "2 seconds, 2, SECONDS",
    "5m, 5, MINUTES",
    "15 min, 15, MINUTES",
    "1 minute, 1, MINUTES",
    "2h, 2, HOURS",
    "24 hours, 24, HOURS",
    "1 HOUR, 1, HOURS",
    "3d, 3, DAYS",
    "3 days, 3, DAYS",
    "1 day, 1, DAYS",
    "2w, 2, WEEKS",
    "1 week, 1, WEEKS",
    "1 month, 1, MONTHS",
    "6 Months, 6, MONTHS",
    "1000, 1000, KEYS",
    "0, 0, KEYS",
    "'  7   days  ', 7, DAYS"
  })
  void shouldParseAmountAndUnit(String text, long amount, SpanUnit unit) {
    assertThat(Span.parse(text)).isEqualTo(new Span(amount, unit));
  }

  @Test
  void shouldTreatABareNumberAsKeyUnits() {
    Span span = Span.parse("1000");

    assertThat(span.unit()).isEqualTo(SpanUnit.KEYS);
    assertThat(span.toString()).isEqualTo("1000");
    assertThat(span.none()).isFalse();
  }

  @Test
  void shouldPrintUnitsForTimeSpans() {
    assertThat(Span.parse("3d")).hasToString("3 days");
    assertThat(Span.parse("2 h")).hasToString("2 hours");
  }

  @Test
  void shouldCountOnlyZeroAsNone() {
    assertThat(Span.NONE.none()).isTrue();
    assertThat(Span.parse("0h").none()).isTrue();
    assertThat(Span.parse("1s").none()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "days", "-1 day", "1.5h", "2 h 30 m", "h2", "1e3"})
  void shouldRejectTextThatIsNotASpanWithAnExample(String text) {
    assertThatThrownBy(() -> Span.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "' is not a span (expected e.g. 2h, 3 days, 1 month or a number of keys)");
  }

  @Test
  void shouldRejectUnknownUnitListingTheValidOnes() {
    assertThatThrownBy(() -> Span.parse("2 hrs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'2 hrs' has an unknown unit 'hrs' (valid: seconds, minutes, hours, days, weeks,"
                + " months, or none for key units)");
  }

  @Test
  void shouldNotReadMoAsMonthsOrMinutes() {
    assertThatThrownBy(() -> Span.parse("1 mo")).hasMessageContaining("unknown unit 'mo'");
  }

  @Test
  void shouldRejectAnAmountBeyondALong() {
    assertThatThrownBy(() -> Span.parse("99999999999999999999 days"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'99999999999999999999 days' is too large");
  }

  @Test
  void shouldRejectANegativeAmountInTheRecord() {
    assertThatThrownBy(() -> new Span(-1, SpanUnit.DAYS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void shouldCallOnlySecondsMinutesAndHoursFixed() {
    assertThat(SpanUnit.SECONDS.isFixed()).isTrue();
    assertThat(SpanUnit.MINUTES.isFixed()).isTrue();
    assertThat(SpanUnit.HOURS.isFixed()).isTrue();
    assertThat(SpanUnit.DAYS.isFixed()).isFalse();
    assertThat(SpanUnit.WEEKS.isFixed()).isFalse();
    assertThat(SpanUnit.MONTHS.isFixed()).isFalse();
    assertThat(SpanUnit.KEYS.isFixed()).isFalse();
  }
}

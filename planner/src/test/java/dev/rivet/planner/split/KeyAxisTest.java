package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.KeyType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyAxisTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(KeyType.INTEGER, 0L),
        Arguments.of(KeyType.INTEGER, -1L),
        Arguments.of(KeyType.INTEGER, Long.MIN_VALUE),
        Arguments.of(KeyType.INTEGER, Long.MAX_VALUE),
        Arguments.of(KeyType.DATE, LocalDate.of(1970, 1, 1)),
        Arguments.of(KeyType.DATE, LocalDate.of(1969, 12, 31)),
        Arguments.of(KeyType.DATE, LocalDate.of(1900, 2, 28)),
        Arguments.of(KeyType.DATE, LocalDate.of(1, 1, 1)),
        Arguments.of(KeyType.DATE, LocalDate.of(9999, 12, 31)),
        Arguments.of(KeyType.DATE, LocalDate.of(5_874_897, 12, 31)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(1970, 1, 1, 0, 0)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(1200, 3, 1, 0, 0, 0, 500_000_000)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(1815, 6, 18, 11, 30, 0, 1_000)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(2024, 2, 29, 0, 0)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
        Arguments.of(KeyType.TIMESTAMP, LocalDateTime.of(200_000, 1, 1, 0, 0, 0, 123_000)),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("1970-01-01T00:00Z")),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("1969-12-31T23:59:59.999999Z")),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("1901-12-13T20:45:52.000001Z")),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("2038-01-19T03:14:08Z")),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("1200-03-01T00:00:00.5Z")),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("2263-01-01T00:00Z")),
        Arguments.of(KeyType.TIMESTAMPTZ, odt("9999-12-31T23:59:59.999999Z")));
  }

  private static OffsetDateTime odt(String text) {
    return OffsetDateTime.parse(text);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("values")
  void shouldRoundTripValueThroughAxisAndBoundaryText(KeyType type, Object value) {
    long axis = KeyAxis.toAxis(type, value);
    String text = KeyAxis.format(type, axis);
    Object parsed = KeyAxis.parse(type, text);

    assertThat(parsed).isInstanceOf(KeyAxis.jdbcClass(type)).isEqualTo(value);
    assertThat(KeyAxis.toAxis(type, parsed)).isEqualTo(axis);
  }

  @Test
  void shouldKeepAxisOrderForValuesBeforeAndAfterTheEpoch() {
    assertThat(KeyAxis.toAxis(KeyType.DATE, LocalDate.of(1969, 12, 31))).isEqualTo(-1);
    assertThat(KeyAxis.toAxis(KeyType.TIMESTAMP, LocalDateTime.of(1969, 12, 31, 23, 59, 59)))
        .isEqualTo(-1_000_000);
    assertThat(KeyAxis.toAxis(KeyType.TIMESTAMPTZ, odt("1970-01-01T00:00:00.000001Z")))
        .isEqualTo(1);
  }

  @Test
  void shouldMapTimestampsWithTimeZoneToTheSameInstantWhateverTheOffset() {
    long utc = KeyAxis.toAxis(KeyType.TIMESTAMPTZ, odt("2020-06-01T10:00:00Z"));
    long cest = KeyAxis.toAxis(KeyType.TIMESTAMPTZ, odt("2020-06-01T12:00:00+02:00"));

    assertThat(cest).isEqualTo(utc);
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, utc)).isEqualTo("2020-06-01T10:00Z");
  }

  @Test
  void shouldMapInstantsDownToTheSmallestLongOfMicroseconds() {
    // The seconds alone overflow a long of microseconds here; found by KeyAxisPropertiesTest.
    String text = KeyAxis.format(KeyType.TIMESTAMPTZ, Long.MIN_VALUE + 1);

    assertThat(KeyAxis.toAxis(KeyType.TIMESTAMPTZ, KeyAxis.parse(KeyType.TIMESTAMPTZ, text)))
        .isEqualTo(Long.MIN_VALUE + 1);
    assertThat(KeyAxis.toAxis(KeyType.TIMESTAMPTZ, OffsetDateTime.parse("1969-12-31T23:59:59.5Z")))
        .isEqualTo(-500_000L);
  }

  @Test
  void shouldFormatBoundariesAsIsoText() {
    assertThat(KeyAxis.format(KeyType.INTEGER, -17)).isEqualTo("-17");
    assertThat(KeyAxis.format(KeyType.DATE, -1)).isEqualTo("1969-12-31");
    assertThat(KeyAxis.format(KeyType.TIMESTAMP, -1)).isEqualTo("1969-12-31T23:59:59.999999");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, 1_500_000))
        .isEqualTo("1970-01-01T00:00:01.500Z");
    assertThat(KeyAxis.format(KeyType.TIMESTAMPTZ, 0)).isEqualTo("1970-01-01T00:00Z");
  }

  @Test
  void shouldRefuseInfinityAsReadByPgjdbc() {
    assertThatThrownBy(() -> KeyAxis.toAxis(KeyType.DATE, LocalDate.MAX))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> KeyAxis.toAxis(KeyType.DATE, LocalDate.MIN))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> KeyAxis.toAxis(KeyType.TIMESTAMP, LocalDateTime.MAX))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> KeyAxis.toAxis(KeyType.TIMESTAMPTZ, OffsetDateTime.MIN))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void shouldReadSmallerIntegerTypesAsLongs() {
    assertThat(KeyAxis.toAxis(KeyType.INTEGER, (short) -3)).isEqualTo(-3);
    assertThat(KeyAxis.toAxis(KeyType.INTEGER, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
  }
}

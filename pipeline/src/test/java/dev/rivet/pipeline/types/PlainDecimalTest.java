package dev.rivet.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainDecimalTest {

  @ParameterizedTest
  @CsvSource({
    "0, 1, 0",
    "0.00, 15, 2",
    "-0.00, 15, 2",
    "12.5, 15, 2",
    "-12.50, 15, 2",
    "007.10, 5, 2",
    "9999999999999.99, 15, 2",
    "-9999999999999.99, 15, 2",
    "123456789012345678, 18, 0",
    "0.123456789012345678, 18, 18",
    "99999.9, 9, 4",
    "5, 9, 0",
    ".5, 15, 2",
    "0000000000000000000000.5, 15, 2",
  })
  void shouldReadPlainTextAsTheGeneralParseDoes(String text, int precision, int scale) {
    BigDecimal fast = ColumnReader.plainDecimal(text, precision, scale);

    assertThat(fast).isNotNull();
    assertThat(fast).isEqualTo(new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY));
    assertThat(fast.scale()).isEqualTo(scale);
  }

  @ParameterizedTest
  @CsvSource({
    // too many digits at the scale, or beyond a long: the general parse decides
    "1234567890123456789, 19, 0",
    "12345678901234567.8, 18, 2",
    "1.234, 15, 2",
    "100000, 5, 0",
    "99999.99, 6, 2",
    "12.3, 20, 2",
    // not plain decimal text
    "1E-20, 15, 2",
    "NaN, 15, 2",
    "Infinity, 15, 2",
    "-Infinity, 15, 2",
    "+1, 15, 2",
    "1., 15, 2",
    "'', 15, 2",
    "-, 15, 2",
    "1.2.3, 15, 2",
    "1 2, 15, 2",
  })
  void shouldLeaveEverythingElseToTheGeneralParse(String text, int precision, int scale) {
    assertThat(ColumnReader.plainDecimal(text, precision, scale)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"15, 2", "9, 0", "18, 6", "4, 4"})
  void shouldAgreeWithBigDecimalOnRandomValues(int precision, int scale) {
    Random random = new Random(precision * 31L + scale);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      BigDecimal value =
          BigDecimal.valueOf(random.nextLong() % (long) Math.pow(10, precision), scale);
      texts.add(value.toPlainString());
      texts.add(value.setScale(Math.max(0, scale - 1), RoundingMode.DOWN).toPlainString());
    }
    for (String text : texts) {
      BigDecimal expected = new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY);
      boolean fits = expected.precision() <= precision;
      BigDecimal fast = ColumnReader.plainDecimal(text, precision, scale);
      if (fits) {
        assertThat(fast).as(text).isEqualTo(expected);
      } else {
        assertThat(fast).as(text).isNull();
      }
    }
  }
}

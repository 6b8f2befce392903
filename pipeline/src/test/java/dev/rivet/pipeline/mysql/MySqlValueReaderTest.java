package dev.rivet.pipeline.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLDataException;
import org.junit.jupiter.api.Test;

/**
 * The text of a binary-protocol DATE the driver refuses to decode (the server round trip is in
 * {@link MySqlTypeMatrixTest} and {@link MySqlValueEdgesTest}).
 */
class MySqlValueReaderTest {

  @Test
  void shouldTakeTheDateFromTheDriversRefusal() {
    SQLDataException refusal =
        new SQLDataException(
            "value '2021-02-31' cannot be decoded as Date: Invalid date 'FEBRUARY 31'", "22007");

    assertThat(MySqlValueReader.undecodedDate(refusal)).isEqualTo("2021-02-31");
  }

  @Test
  void shouldDescribeTheValueWhenTheDriverWordsItsRefusalDifferently() {
    assertThat(MySqlValueReader.undecodedDate(new SQLDataException("bad date 2020-00-15")))
        .isEqualTo("a date with a zero or invalid month or day");
    assertThat(MySqlValueReader.undecodedDate(new SQLDataException((String) null)))
        .isEqualTo("a date with a zero or invalid month or day");
  }
}

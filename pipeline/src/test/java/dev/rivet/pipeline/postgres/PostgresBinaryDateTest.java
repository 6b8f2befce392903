package dev.rivet.pipeline.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Binary COPY dates (days since 2000-01-01) decode to the same LocalDate inside the range whose
 * dates are made once and shared and outside it, BC dates, leap days and infinities included.
 */
class PostgresBinaryDateTest {
  private static final long EPOCH_2000 = LocalDate.of(2000, 1, 1).toEpochDay();

  private static PostgresBinaryValues decoder(InfinityPolicy policy) {
    ColumnType type = ColumnType.scalar("d", "date", SourceKind.POSTGRESQL, LogicalKind.DATE, true);
    ColumnSlot slot =
        ColumnSlot.of(type, 1, new ValuePolicies(policy, ZeroDatePolicy.NULL), new WarningCounts());
    return new PostgresBinaryValues(type, slot.label(), new PostgresInfinity(slot));
  }

  private static byte[] int32(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  private static Object decode(PostgresBinaryValues values, int days) {
    return values.decode(int32(days), 0, 4);
  }

  @Test
  void shouldDecodeEveryDayAroundAndInsideTheSharedRangeAsItsLocalDate() {
    PostgresBinaryValues values = decoder(InfinityPolicy.CLAMP);
    int from = PostgresBinaryValues.Dates.FIRST - 800;
    int to = PostgresBinaryValues.Dates.END + 800;
    for (int round = 0; round < 2; round++) {
      // The second round reads the dates the first one shared.
      for (int days = from; days < to; days++) {
        assertThat(decode(values, days))
            .as("day %d", days)
            .isEqualTo(LocalDate.ofEpochDay(EPOCH_2000 + days));
      }
    }
    assertThat(decode(values, PostgresBinaryValues.Dates.FIRST))
        .isEqualTo(LocalDate.of(1900, 1, 1));
    assertThat(decode(values, PostgresBinaryValues.Dates.END - 1))
        .isEqualTo(LocalDate.of(2099, 12, 31));
    assertThat(decode(values, PostgresBinaryValues.Dates.END)).isEqualTo(LocalDate.of(2100, 1, 1));
  }

  @Test
  void shouldDecodeEdgeDates() {
    PostgresBinaryValues values = decoder(InfinityPolicy.CLAMP);
    for (LocalDate date :
        new LocalDate[] {
          LocalDate.of(-4712, 11, 24), // 4713-11-24 BC, PostgreSQL's first date
          LocalDate.of(0, 2, 29), // 1 BC, a leap year
          LocalDate.of(1, 1, 1),
          LocalDate.of(1582, 10, 4),
          LocalDate.of(1899, 12, 31),
          LocalDate.of(1900, 2, 28),
          LocalDate.of(1969, 12, 31),
          LocalDate.of(1970, 1, 1),
          LocalDate.of(2000, 1, 1),
          LocalDate.of(2000, 2, 29),
          LocalDate.of(2024, 2, 29),
          LocalDate.of(2099, 12, 31),
          LocalDate.of(5874897, 12, 31) // PostgreSQL's last date
        }) {
      assertThat(decode(values, (int) (date.toEpochDay() - EPOCH_2000))).isEqualTo(date);
    }
  }

  @Test
  void shouldFollowTheInfinityPolicy() {
    assertThat(decode(decoder(InfinityPolicy.CLAMP), Integer.MAX_VALUE))
        .isEqualTo(LocalDate.of(9999, 12, 31));
    assertThat(decode(decoder(InfinityPolicy.CLAMP), Integer.MIN_VALUE))
        .isEqualTo(LocalDate.of(1, 1, 1));
    assertThat(decode(decoder(InfinityPolicy.NULL), Integer.MAX_VALUE)).isNull();
    assertThat(decode(decoder(InfinityPolicy.NULL), Integer.MIN_VALUE)).isNull();
  }
}

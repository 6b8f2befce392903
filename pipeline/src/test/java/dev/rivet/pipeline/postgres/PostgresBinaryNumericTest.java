package dev.rivet.pipeline.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.testing.Gen;
import dev.rivet.kernel.testing.PropertyCheck;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Binary COPY numerics decode to exactly the value and display scale PostgreSQL sent, on the long
 * path (up to four base-10000 digits) and the BigInteger path alike. The fields are built here the
 * way {@code numeric_send} builds them; CopyProtocolTest checks the same against a real server.
 */
class PostgresBinaryNumericTest {
  private static final int NEG = 0x4000;

  private final PostgresBinaryValues values = decoder();

  private static PostgresBinaryValues decoder() {
    ColumnType type =
        ColumnType.scalar("n", "numeric", SourceKind.POSTGRESQL, LogicalKind.NUMERIC_TEXT, true);
    ColumnSlot slot =
        ColumnSlot.of(
            type,
            1,
            new ValuePolicies(InfinityPolicy.CLAMP, ZeroDatePolicy.NULL),
            new WarningCounts());
    return new PostgresBinaryValues(type, slot.label(), new PostgresInfinity(slot));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "0.00",
        "1",
        "-1",
        "10000",
        "-10000.0",
        "1000000000000000000",
        "9999999999999999",
        "99999999999999.9999",
        "-99999999999999.9999",
        "0.5",
        "-0.5000000000",
        "0.0001",
        "0.00001",
        "1E-20",
        "-1E-1000",
        "123.456",
        "12345678901234.5",
        "1500.10",
        "9223372036854775807",
        "-9223372036854775808",
        "922337203685477580.7",
        "123456789012345678901234567890123456789012345.56789"
      })
  void shouldDecodeEdgeValuesAtTheirDisplayScale(String text) throws IOException {
    BigDecimal value = new BigDecimal(text);
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
    assertThat(decode(value)).isEqualTo(value);
  }

  @Test
  void shouldDecodeAnyNumericToItsExactValueAndScale() {
    Gen<BigDecimal> numerics =
        Gen.longs()
            .flatMap(unscaled -> Gen.ints(0, 24).map(scale -> BigDecimal.valueOf(unscaled, scale)));
    PropertyCheck.forAll(5_000, numerics, value -> assertThat(decode(value)).isEqualTo(value));
  }

  @Test
  void shouldDecodeTrailingZeroDigitsAtTheSentScale() {
    // 1.5 sent with display scale 10 (numeric(20,10)): one base-10000 digit group of fraction.
    PropertyCheck.forAll(
        1_000,
        Gen.longs(-99_999_999, 99_999_999).flatMap(u -> Gen.ints(0, 30).map(s -> scaled(u, s))),
        value -> assertThat(decode(value)).isEqualTo(value));
  }

  private Object decode(BigDecimal value) throws IOException {
    byte[] field = send(value);
    return values.decode(field, 0, field.length);
  }

  private static BigDecimal scaled(long unscaled, int extraScale) {
    return BigDecimal.valueOf(unscaled, 2).setScale(2 + extraScale);
  }

  /** {@code numeric_send}: ndigits, weight, sign, dscale, then base-10000 digits, big-endian. */
  static byte[] send(BigDecimal value) throws IOException {
    int dscale = value.scale();
    int groups = (dscale + 3) / 4;
    BigInteger aligned =
        value.unscaledValue().abs().multiply(BigInteger.TEN.pow(4 * groups - dscale));
    List<Integer> digits = new ArrayList<>();
    BigInteger tenThousand = BigInteger.valueOf(10_000);
    while (aligned.signum() > 0) {
      BigInteger[] qr = aligned.divideAndRemainder(tenThousand);
      digits.add(0, qr[1].intValueExact());
      aligned = qr[0];
    }
    int weight = digits.size() - groups - 1;
    while (!digits.isEmpty() && digits.get(digits.size() - 1) == 0) {
      digits.remove(digits.size() - 1);
    }
    if (digits.isEmpty()) {
      weight = 0;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(digits.size());
    out.writeShort(weight);
    out.writeShort(value.signum() < 0 ? NEG : 0);
    out.writeShort(dscale);
    for (int digit : digits) {
      out.writeShort(digit);
    }
    return bytes.toByteArray();
  }
}

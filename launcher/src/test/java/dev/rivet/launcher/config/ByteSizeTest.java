package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.testing.Gen;
import dev.rivet.kernel.testing.PropertyCheck;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void shouldReadDecimalAndBinaryUnitsCaseInsensitively() {
    assertThat(ByteSize.parse("64MB")).isEqualTo(64_000_000L);
    assertThat(ByteSize.parse("64MiB")).isEqualTo(64L * 1024 * 1024);
    assertThat(ByteSize.parse("2 gib")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(ByteSize.parse("1kb")).isEqualTo(1000L);
    assertThat(ByteSize.parse("512B")).isEqualTo(512L);
  }

  @Test
  void shouldReadPlainNumberAsBytes() {
    assertThat(ByteSize.parse("67_108_864")).isEqualTo(67_108_864L);
  }

  @Test
  void shouldRejectFractionsAndNegativeNumbers() {
    assertThatThrownBy(() -> ByteSize.parse("1.5GB"))
        .hasMessageContaining("'1.5GB' is not a size")
        .hasMessageContaining("B, KB, MB, GB, KiB, MiB, GiB");
    assertThatThrownBy(() -> ByteSize.parse("-1")).hasMessageContaining("is not a size");
  }

  @Test
  void shouldRejectOverflow() {
    assertThatThrownBy(() -> ByteSize.parse("99999999999GiB")).hasMessageContaining("is too large");
  }

  @Test
  void shouldSuggestTheClosestUnitOfTheSameMagnitude() {
    assertThatThrownBy(() -> ByteSize.parse("64GBB"))
        .hasMessageContaining("unknown unit 'GBB'; did you mean '64GB'?");
    assertThatThrownBy(() -> ByteSize.parse("64M"))
        .hasMessageContaining("did you mean '64MiB' (1024-based) or '64MB' (1000-based)?");
    assertThatThrownBy(() -> ByteSize.parse("64bytes")).hasMessageContaining("did you mean '64B'?");
  }

  @Test
  void shouldNeverSuggestAUnitThatChangesTheSize() {
    assertThatThrownBy(() -> ByteSize.parse("2TB"))
        .hasMessage(
            "'2TB' has an unknown unit 'TB'; did you mean '2000GB'? (valid units: B, KB, MB, GB,"
                + " KiB, MiB, GiB)");
    assertThatThrownBy(() -> ByteSize.parse("2TiB"))
        .hasMessageContaining("did you mean '2048GiB'?");
    assertThatThrownBy(() -> ByteSize.parse("2PB")).hasMessageNotContaining("did you mean");
  }

  @Test
  void shouldDescribeSizesAsTextTheParserReadsBack() {
    assertThat(ByteSize.describe(1000)).isEqualTo("1000B");
    assertThat(ByteSize.describe(0)).isEqualTo("0B");
    assertThat(ByteSize.describe(64L * 1024 * 1024)).isEqualTo("64MiB");
    assertThat(ByteSize.describe(3L * 1024 * 1024 * 1024)).isEqualTo("3GiB");
    Gen<Long> sizes =
        Gen.oneOf(
            Gen.longs(0, Long.MAX_VALUE),
            Gen.scaled(0, Long.MAX_VALUE),
            Gen.longs(0, 1L << 23).map(n -> n * 1024 * 1024),
            Gen.longs(0, 1L << 32).map(n -> n * 1024 * 1024 * 1024));
    PropertyCheck.forAll(
        2000,
        sizes,
        bytes -> assertThat(ByteSize.parse(ByteSize.describe(bytes))).isEqualTo(bytes));
  }
}

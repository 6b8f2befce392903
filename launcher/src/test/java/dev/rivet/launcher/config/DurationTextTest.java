package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void shouldReadEachUnitCaseInsensitivelyWithOptionalSpace() {
    assertThat(DurationText.parseMillis("500ms")).isEqualTo(500);
    assertThat(DurationText.parseMillis("2s")).isEqualTo(2_000);
    assertThat(DurationText.parseMillis("1 m")).isEqualTo(60_000);
    assertThat(DurationText.parseMillis("1H")).isEqualTo(3_600_000);
    assertThat(DurationText.parseMillis("1_500ms")).isEqualTo(1_500);
    assertThat(DurationText.parseMillis("0")).isZero();
  }

  @Test
  void shouldRejectMissingUnknownOrOverflowingUnits() {
    assertThatThrownBy(() -> DurationText.parseMillis("30"))
        .hasMessage("'30' has no unit (valid units: ms, s, m, h, e.g. 30s)");
    assertThatThrownBy(() -> DurationText.parseMillis("2sec"))
        .hasMessage(
            "'2sec' has an unknown unit 'sec'; did you mean '2s'? (valid units: ms, s, m, h)");
    assertThatThrownBy(() -> DurationText.parseMillis("-1s"))
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> DurationText.parseMillis("9223372036854775807h"))
        .hasMessage("'9223372036854775807h' is too large");
  }

  @Test
  void shouldSuggestTheSameDurationInAValidUnitNeverAnotherUnitSpelledAlike() {
    assertThatThrownBy(() -> DurationText.parseMillis("5min"))
        .hasMessage(
            "'5min' has an unknown unit 'min'; did you mean '5m'? (valid units: ms, s, m, h)");
    assertThatThrownBy(() -> DurationText.parseMillis("5 Minutes"))
        .hasMessageContaining("did you mean '5m'?");
    assertThatThrownBy(() -> DurationText.parseMillis("2d"))
        .hasMessageContaining("did you mean '48h'?");
    assertThatThrownBy(() -> DurationText.parseMillis("1 week"))
        .hasMessageContaining("did you mean '168h'?");
    assertThatThrownBy(() -> DurationText.parseMillis("300msec"))
        .hasMessageContaining("did you mean '300ms'?");
    assertThatThrownBy(() -> DurationText.parseMillis("5mn"))
        .hasMessage("'5mn' has an unknown unit 'mn' (valid units: ms, s, m, h)");
  }

  @Test
  void shouldDescribeInTheLargestExactUnit() {
    assertThat(DurationText.describe(30_000)).isEqualTo("30s");
    assertThat(DurationText.describe(60_000)).isEqualTo("1m");
    assertThat(DurationText.describe(3_600_000)).isEqualTo("1h");
    assertThat(DurationText.describe(1_500)).isEqualTo("1500ms");
    assertThat(DurationText.describe(0)).isEqualTo("0ms");
  }
}

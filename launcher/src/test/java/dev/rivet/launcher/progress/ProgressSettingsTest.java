package dev.rivet.launcher.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressSettingsTest {
  @Test
  void shouldBeatEveryThirtySecondsUnlessTheEnvironmentSaysOtherwise() {
    assertThat(ProgressSettings.of(ProgressMode.LINES, Map.of()).heartbeat())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            ProgressSettings.of(ProgressMode.LINES, Map.of(ProgressSettings.HEARTBEAT_ENV, " 5 "))
                .heartbeat())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "86401", "half a minute", "1.5"})
  void shouldRefuseAHeartbeatThatIsNotWholeSecondsInRange(String value) {
    assertThatThrownBy(
            () ->
                ProgressSettings.of(
                    ProgressMode.LINES, Map.of(ProgressSettings.HEARTBEAT_ENV, value)))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "RIVET_PROGRESS_HEARTBEAT_SECONDS='"
                          + value
                          + "' is not a whole number of seconds from 1 to 86400");
              assertThat(e.hint()).contains("unset it (30 seconds)");
            });
  }

  @Test
  void shouldShowLiveProgressOnlyOnATerminalWithoutJsonOutput() {
    assertThat(ProgressMode.choose(false, false, false, true)).isEqualTo(ProgressMode.LIVE);
    assertThat(ProgressMode.choose(false, false, false, false)).isEqualTo(ProgressMode.LINES);
    assertThat(ProgressMode.choose(false, false, true, true)).isEqualTo(ProgressMode.LINES);
    assertThat(ProgressMode.choose(true, false, false, true)).isEqualTo(ProgressMode.OFF);
    assertThat(ProgressMode.choose(false, true, false, false)).isEqualTo(ProgressMode.OFF);
  }

  @Test
  void shouldTakeNoTerminalForOneWhenTermIsDumbOrUnset() {
    assertThat(StandardError.isTerminal(Map.of("TERM", "dumb"))).isFalse();
    assertThat(StandardError.isTerminal(Map.of())).isFalse();
  }
}

package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** RetrySettings is the one home of the retry rules; each rejection names its config key. */
class RetrySettingsTest {
  private static InvalidSettingException rejection(int attempts, long backoff, long maxBackoff) {
    return catchThrowableOfType(
        () -> new RetrySettings(attempts, backoff, maxBackoff), InvalidSettingException.class);
  }

  @Test
  void shouldRejectAttemptsOutsideOneToAHundred() {
    assertThat(rejection(0, 0, 0).key()).isEqualTo("retries.attempts");
    assertThat(rejection(101, 0, 0))
        .hasMessage("101 is out of range (expected a whole number from 1 to 100)");
  }

  @Test
  void shouldRejectABackoffThatIsNegativeOrAboveAnHour() {
    assertThat(rejection(3, -1, 0).key()).isEqualTo("retries.backoff");
    InvalidSettingException tooLong = rejection(3, 0, 7_200_000);
    assertThat(tooLong.key()).isEqualTo("retries.max_backoff");
    assertThat(tooLong).hasMessage("2h is out of range (expected 0 to 1h)");
  }

  @Test
  void shouldRejectAMaxBackoffBelowTheBackoff() {
    InvalidSettingException e = rejection(3, 10_000, 2_000);

    assertThat(e.key()).isEqualTo("retries.max_backoff");
    assertThat(e).hasMessage("2s is below backoff 10s (the first wait cannot exceed the longest)");
    assertThat(e.hint()).isEqualTo("set max_backoff to at least 10s");
  }

  @Test
  void shouldAcceptTheDefaultsAndEqualBackoffs() {
    assertThat(RetrySettings.DEFAULT.maxAttempts()).isEqualTo(3);
    assertThat(new RetrySettings(1, 0, 0).maxBackoffMillis()).isZero();
  }
}

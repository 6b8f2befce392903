package dev.rivet.pipeline.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.RetrySettings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.of(new RetrySettings(3, 1_000, 30_000));

  @Test
  void shouldRetryOnlyTransientSourceFailuresWhileAttemptsRemain() {
    RivetException transientFailure = new RivetException(FailureKind.SOURCE_TRANSIENT, "lost", "");

    assertThat(policy.retries(transientFailure, 1)).isTrue();
    assertThat(policy.retries(transientFailure, 2)).isTrue();
    assertThat(policy.retries(transientFailure, 3)).isFalse();
  }

  @Test
  void shouldTakeItsValuesFromTheExportsRetrySettings() {
    RetryPolicy once = RetryPolicy.of(new RetrySettings(1, 0, 0));
    RetryPolicy five = RetryPolicy.of(new RetrySettings(5, 10, 50));
    RivetException lost = new RivetException(FailureKind.SOURCE_TRANSIENT, "lost", "");

    assertThat(once.retries(lost, 1)).as("attempts: 1 reads a chunk once").isFalse();
    assertThat(five.retries(lost, 4)).isTrue();
    assertThat(five.retries(lost, 5)).isFalse();
    assertThat(five.backoff(1, new SplittableRandom(1)).toMillis()).isBetween(5L, 10L);
    assertThat(five.backoff(9, new SplittableRandom(1)).toMillis()).isBetween(25L, 50L);
    assertThat(RetryPolicy.DEFAULT).isEqualTo(policy);
  }

  @Test
  void shouldNeverRetryPermanentUserDataDestinationOrMemoryFailures() {
    for (FailureKind kind :
        new FailureKind[] {
          FailureKind.SOURCE_PERMANENT,
          FailureKind.USER_CONFIG,
          FailureKind.DATA,
          FailureKind.DESTINATION,
          FailureKind.STATE,
          FailureKind.MEMORY,
          FailureKind.INTERNAL
        }) {
      assertThat(policy.retries(new RivetException(kind, "x", ""), 1)).as(kind.name()).isFalse();
    }
  }

  @Test
  void shouldBackOffExponentiallyWithJitterUpToTheCap() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100; i++) {
      assertThat(policy.backoff(1, random).toMillis()).isBetween(500L, 1000L);
      assertThat(policy.backoff(2, random).toMillis()).isBetween(1000L, 2000L);
      assertThat(policy.backoff(3, random).toMillis()).isBetween(2000L, 4000L);
      assertThat(policy.backoff(40, random).toMillis()).isBetween(15_000L, 30_000L);
    }
  }
}

package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.RetrySettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a failed chunk is read again: only for transient source failures (connection lost,
 * serialization failure, deadlock, too many connections, timeouts — as classified by {@code
 * SqlErrors}), at most {@code maxAttempts} attempts in all, after an exponential backoff with
 * jitter. Built from the export's {@link RetrySettings}.
 */
record RetryPolicy(RetrySettings settings) implements Serializable {

  static final RetryPolicy DEFAULT = of(RetrySettings.DEFAULT);

  // RetrySettings validates its values: attempts >= 1, 0 <= backoff <= max_backoff.
  RetryPolicy {
    Objects.requireNonNull(settings, "settings");
  }

  /** The policy an export's retry settings describe. */
  static RetryPolicy of(RetrySettings settings) {
    return new RetryPolicy(settings);
  }

  int maxAttempts() {
    return settings.maxAttempts();
  }

  /**
   * Whether the attempt numbered {@code attempt} (1-based) that failed with {@code e} is retried.
   */
  boolean retries(RivetException e, int attempt) {
    return e.kind() == FailureKind.SOURCE_TRANSIENT && attempt < maxAttempts();
  }

  /**
   * The wait after failed attempt {@code attempt}: {@code initialBackoff * 2^(attempt-1)}, capped
   * at {@code maxBackoff}, then scaled by a random factor in [0.5, 1) so parallel chunks that
   * failed together do not retry together.
   */
  Duration backoff(int attempt, RandomGenerator random) {
    long base = settings.initialBackoffMillis();
    long exponential = base << Math.min(attempt - 1, 30);
    long capped =
        Math.min(exponential < 0 ? Long.MAX_VALUE : exponential, settings.maxBackoffMillis());
    return Duration.ofMillis((long) (capped * (0.5 + random.nextDouble() / 2)));
  }
}

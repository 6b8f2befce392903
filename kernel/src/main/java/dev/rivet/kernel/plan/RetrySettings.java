package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * How often a chunk whose read failed transiently is read again: at most {@code maxAttempts}
 * attempts in all (1 = never again), the wait after attempt {@code n} being {@code
 * initialBackoffMillis * 2^(n-1)} capped at {@code maxBackoffMillis}, before jitter.
 */
public record RetrySettings(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis)
    implements Serializable {
  public static final RetrySettings DEFAULT = new RetrySettings(3, 1_000, 30_000);

  /** More attempts than this only hide a source that is down. */
  public static final int MAX_ATTEMPTS = 100;

  public RetrySettings {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "retry attempts must be between 1 and " + MAX_ATTEMPTS + ", got " + maxAttempts);
    }
    if (initialBackoffMillis < 0) {
      throw new IllegalArgumentException(
          "retry backoff must not be negative, got " + initialBackoffMillis + " ms");
    }
    if (maxBackoffMillis < initialBackoffMillis) {
      throw new IllegalArgumentException(
          "retry max_backoff ("
              + maxBackoffMillis
              + " ms) must not be below backoff ("
              + initialBackoffMillis
              + " ms)");
    }
  }

  /** As the config writes it, e.g. {@code attempts 3, backoff 1000ms, max_backoff 30000ms}. */
  @Override
  public String toString() {
    return "attempts "
        + maxAttempts
        + ", backoff "
        + initialBackoffMillis
        + "ms, max_backoff "
        + maxBackoffMillis
        + "ms";
  }
}

package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * How often a chunk whose read failed transiently is read again: at most {@code maxAttempts}
 * attempts in all (1 = never again), the wait after attempt {@code n} being {@code
 * initialBackoffMillis * 2^(n-1)} capped at {@code maxBackoffMillis}, before jitter. The one place
 * that holds the retry defaults and rules; a value that breaks one is an {@link
 * InvalidSettingException} naming its {@code retries.*} key.
 */
public record RetrySettings(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis)
    implements Serializable {
  /** More than 100 attempts only hide a source that is down. */
  public static final SettingRange ATTEMPTS = new SettingRange("retries.attempts", 1, 100);

  /** Backoffs past an hour are a source outage that retrying within one run will not outlast. */
  public static final long MAX_BACKOFF_MILLIS = 3_600_000L;

  // After the ranges: the constructor checks against them.
  public static final RetrySettings DEFAULT = new RetrySettings(3, 1_000, 30_000);

  public RetrySettings {
    ATTEMPTS.check(maxAttempts);
    checkBackoff("retries.backoff", initialBackoffMillis);
    checkBackoff("retries.max_backoff", maxBackoffMillis);
    if (maxBackoffMillis < initialBackoffMillis) {
      throw new InvalidSettingException(
          "retries.max_backoff",
          Millis.describe(maxBackoffMillis)
              + " is below backoff "
              + Millis.describe(initialBackoffMillis)
              + " (the first wait cannot exceed the longest)",
          "set max_backoff to at least " + Millis.describe(initialBackoffMillis));
    }
  }

  private static void checkBackoff(String key, long millis) {
    if (millis < 0 || millis > MAX_BACKOFF_MILLIS) {
      throw new InvalidSettingException(
          key,
          Millis.describe(millis)
              + " is out of range (expected 0 to "
              + Millis.describe(MAX_BACKOFF_MILLIS)
              + ")",
          "use a duration from 0 to " + Millis.describe(MAX_BACKOFF_MILLIS) + ", e.g. 2s or 1m");
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

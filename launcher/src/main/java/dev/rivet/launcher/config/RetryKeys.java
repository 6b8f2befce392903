package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.RetrySettings;
import java.util.List;

/** The keys of {@code retries}, each inherited on its own. */
record RetryKeys(
    Setting<Integer> attempts, Setting<Long> backoffMillis, Setting<Long> maxBackoffMillis) {

  static final SettingKey<Integer> ATTEMPTS =
      new SettingKey<>("retries.attempts", n -> SettingKey.intValue(n, RetrySettings.ATTEMPTS));
  static final SettingKey<Long> BACKOFF = new SettingKey<>("retries.backoff", SettingKey::millis);
  static final SettingKey<Long> MAX_BACKOFF =
      new SettingKey<>("retries.max_backoff", SettingKey::millis);

  static final List<SettingKey<?>> KEYS = List.of(ATTEMPTS, BACKOFF, MAX_BACKOFF);

  RetryKeys {
    Setting.requireAll(attempts, backoffMillis, maxBackoffMillis);
  }

  static RetryKeys resolve(SettingLevels levels) {
    RetrySettings builtIn = RetrySettings.DEFAULT;
    return new RetryKeys(
        levels.get(ATTEMPTS, builtIn.maxAttempts()),
        levels.get(BACKOFF, builtIn.initialBackoffMillis()),
        levels.get(MAX_BACKOFF, builtIn.maxBackoffMillis()));
  }

  /** The kernel record, which checks the ranges and the order of the two backoffs. */
  RetrySettings toRetrySettings() {
    return new RetrySettings(attempts.value(), backoffMillis.value(), maxBackoffMillis.value());
  }

  List<Setting<?>> all() {
    return List.of(attempts, backoffMillis, maxBackoffMillis);
  }
}

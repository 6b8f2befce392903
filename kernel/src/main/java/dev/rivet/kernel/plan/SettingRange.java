package dev.rivet.kernel.plan;

import java.util.Objects;

/**
 * The whole numbers a setting accepts, from {@code min} to {@code max} inclusive, and the one
 * wording of a value outside them: every such error states the full range.
 *
 * @param key the config key path within an export, e.g. {@code retries.attempts}
 */
public record SettingRange(String key, long min, long max) {
  public SettingRange {
    Objects.requireNonNull(key, "key");
    if (min > max) {
      throw new IllegalArgumentException(key + ": min " + min + " is above max " + max);
    }
  }

  public boolean contains(long value) {
    return value >= min && value <= max;
  }

  /** {@code from 1 to 1024}. */
  public String describe() {
    return "from " + min + " to " + max;
  }

  /** {@code value}, or an {@link InvalidSettingException} naming this key and range. */
  public long check(long value) {
    if (!contains(value)) {
      throw outOfRange(Long.toString(value));
    }
    return value;
  }

  /**
   * The error for a value outside the range, shown as {@code written} (e.g. as the config has it).
   */
  public InvalidSettingException outOfRange(String written) {
    return new InvalidSettingException(
        key,
        written + " is out of range (expected a whole number " + describe() + ")",
        "choose a whole number " + describe());
  }
}

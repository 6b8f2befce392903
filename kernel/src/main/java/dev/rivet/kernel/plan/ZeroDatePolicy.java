package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What to write for MySQL/MariaDB zero dates ({@code 0000-00-00}, {@code 0000-00-00 00:00:00}),
 * which are not dates at all and have no Parquet or ISO-8601 form.
 */
public enum ZeroDatePolicy {
  /** Zero dates become NULL, and each one is counted as a warning ({@code zero_date_nulled}). */
  NULL("null"),
  /** The export fails, naming the column. */
  FAIL("fail");

  /** The policy of an export that names none, and of plans stored before the setting existed. */
  public static final ZeroDatePolicy DEFAULT = NULL;

  private final String wireValue;

  ZeroDatePolicy(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static ZeroDatePolicy parse(String value) {
    for (ZeroDatePolicy p : values()) {
      if (p.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown zero-date policy '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values()).map(ZeroDatePolicy::wireValue).collect(Collectors.joining(", "));
  }
}

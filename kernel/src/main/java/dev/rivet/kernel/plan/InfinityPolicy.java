package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What to write for PostgreSQL's {@code infinity} / {@code -infinity} dates and timestamps, which
 * no Parquet or ISO-8601 value represents. The default, {@link #FAIL}, never changes a value
 * silently: {@link #CLAMP} writes dates that a real value can also hold.
 */
public enum InfinityPolicy {
  /**
   * {@code infinity} becomes 9999-12-31 (23:59:59.999999), {@code -infinity} 0001-01-01 (00:00): a
   * reader cannot tell them from the same real dates, which are exported exactly.
   */
  CLAMP("clamp"),
  /** Both become NULL. */
  NULL("null"),
  /** The export fails, naming the column. */
  FAIL("fail");

  /**
   * The policy of an export that names none: fail, since every other policy writes a value that a
   * real row can also hold (NULL, or a real date).
   */
  public static final InfinityPolicy DEFAULT = FAIL;

  private final String wireValue;

  InfinityPolicy(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static InfinityPolicy parse(String value) {
    for (InfinityPolicy p : values()) {
      if (p.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown infinity policy '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values()).map(InfinityPolicy::wireValue).collect(Collectors.joining(", "));
  }
}

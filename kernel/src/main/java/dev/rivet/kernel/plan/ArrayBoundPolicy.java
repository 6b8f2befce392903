package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What to do with a PostgreSQL array whose lower bound is not 1 ({@code '[0:2]={1,2,3}'}): Parquet
 * lists and the CSV JSON arrays hold elements only, so the bound cannot be written.
 */
public enum ArrayBoundPolicy {
  /** The export fails with a DATA error naming the column, the row and the bound. */
  FAIL("fail"),
  /** The elements are written in order and the bound is dropped, counted as a warning. */
  DROP("drop");

  /** The policy of an export that names none, and of plans stored before the setting existed. */
  public static final ArrayBoundPolicy DEFAULT = FAIL;

  private final String wireValue;

  ArrayBoundPolicy(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static ArrayBoundPolicy parse(String value) {
    for (ArrayBoundPolicy p : values()) {
      if (p.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown array-bound policy '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values())
        .map(ArrayBoundPolicy::wireValue)
        .collect(Collectors.joining(", "));
  }
}

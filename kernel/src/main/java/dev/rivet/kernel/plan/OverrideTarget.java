package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The closed set of output types a column override ({@code columns: {col: <target>}}) can ask for.
 * The wire values are the config interface, exactly as written; {@link #DECIMAL} takes a precision
 * and scale ({@code decimal(12,2)}).
 */
public enum OverrideTarget {
  TEXT("text"),
  JSON("json"),
  DECIMAL("decimal(p,s)"),
  INT64("int64"),
  FLOAT64("float64"),
  TIMESTAMP("timestamp"),
  TIMESTAMPTZ("timestamptz"),
  DATE("date"),
  UUID("uuid"),
  BINARY("binary");

  private final String wireValue;

  OverrideTarget(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The config form, e.g. {@code int64}; {@code decimal(p,s)} for {@link #DECIMAL}. */
  public String wireValue() {
    return wireValue;
  }

  /** Every valid config form, separated by {@code |}, for error messages. */
  public static String validValues() {
    return Arrays.stream(values())
        .map(OverrideTarget::wireValue)
        .collect(Collectors.joining(" | "));
  }

  /**
   * The target named by {@code value} (any case; {@code decimal} only with its {@code (p,s)}, which
   * {@link ColumnOverride#parse} reads).
   *
   * @throws IllegalArgumentException naming the valid values
   */
  static OverrideTarget parse(String value) {
    String key = value.trim().toLowerCase(Locale.ROOT);
    if (key.startsWith("decimal")) {
      return DECIMAL;
    }
    for (OverrideTarget target : values()) {
      if (target != DECIMAL && target.wireValue.equals(key)) {
        return target;
      }
    }
    throw new IllegalArgumentException(
        "unknown output type '" + value + "'; valid values: " + validValues());
  }
}

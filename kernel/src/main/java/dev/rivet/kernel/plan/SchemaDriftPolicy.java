package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a run does when the source's columns differ from the export's last accepted schema ({@code
 * on_schema_drift}).
 */
public enum SchemaDriftPolicy {
  /** The run goes on; the summary lists every change; the new schema is recorded. */
  WARN("warn"),
  /** The run stops before any file is written, and the stored schema is kept. */
  FAIL("fail"),
  /** The run goes on and the new schema is recorded, without a word. */
  CONTINUE("continue");

  /** The policy of an export that names none, and of plans stored before the setting existed. */
  public static final SchemaDriftPolicy DEFAULT = WARN;

  private final String wireValue;

  SchemaDriftPolicy(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static SchemaDriftPolicy parse(String value) {
    for (SchemaDriftPolicy p : values()) {
      if (p.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown schema drift policy '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values())
        .map(SchemaDriftPolicy::wireValue)
        .collect(Collectors.joining(", "));
  }
}

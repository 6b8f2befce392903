package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a run whose data breaks its export's quality contract does. */
public enum OnQualityFailure {
  /** No {@code _SUCCESS}: the run is recorded FAILED and the cursor mark does not move. */
  FAIL("fail"),
  /** The run is published; the breaches are reported in the summary and {@code quality.json}. */
  WARN("warn");

  public static final OnQualityFailure DEFAULT = FAIL;

  private final String wireValue;

  OnQualityFailure(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  /** The policy named {@code text}, ignoring case; an error listing the valid values otherwise. */
  public static OnQualityFailure parse(String text) {
    for (OnQualityFailure value : values()) {
      if (value.wireValue.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown on_quality_failure '"
            + text
            + "' (valid values: "
            + Arrays.stream(values()).map(v -> v.wireValue).collect(Collectors.joining(", "))
            + ")");
  }
}

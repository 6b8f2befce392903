package dev.rivet.launcher.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a command prints its result: a table for people, or one JSON document for scripts. */
public enum OutputFormat {
  TEXT("text"),
  JSON("json");

  private final String wireValue;

  OutputFormat(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static OutputFormat parse(String value) {
    for (OutputFormat f : values()) {
      if (f.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown output format '"
            + value
            + "'; valid values: "
            + Arrays.stream(values())
                .map(OutputFormat::wireValue)
                .collect(Collectors.joining(", ")));
  }
}

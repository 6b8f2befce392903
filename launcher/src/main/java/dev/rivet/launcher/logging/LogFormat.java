package dev.rivet.launcher.logging;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How log lines are written to standard error: {@code --log-format text|json}. */
public enum LogFormat {
  /** One line per event, for people: time, level, logger, the run's fields, the message. */
  TEXT("text"),
  /** One JSON object per line (logback's JSON encoder), the run's fields under {@code mdc}. */
  JSON("json");

  private final String wireValue;

  LogFormat(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  /** The format named {@code text}, ignoring case; an error listing the valid values otherwise. */
  public static LogFormat parse(String text) {
    for (LogFormat value : values()) {
      if (value.wireValue.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown log format '"
            + text
            + "' (valid values: "
            + Arrays.stream(values()).map(v -> v.wireValue).collect(Collectors.joining(", "))
            + ")");
  }
}

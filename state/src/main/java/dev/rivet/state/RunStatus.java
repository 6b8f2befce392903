package dev.rivet.state;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a run stands; a run only ends as {@link #SUCCEEDED} after every chunk was published. */
public enum RunStatus {
  PLANNED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Unfinished, and superseded by a newer run of its export: it will never be published. */
  ABANDONED;

  /** The lower-case name stored in the state database and shown in machine output. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus parse(String value) {
    for (RunStatus s : values()) {
      if (s.wireValue().equals(value.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown run status '"
            + value
            + "'; valid values: "
            + Arrays.stream(values()).map(RunStatus::wireValue).collect(Collectors.joining(", ")));
  }
}

package dev.rivet.state;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a stored schema of an export came to be recorded. */
public enum SchemaStatus {
  /** Seen when a run was planned; it counts as accepted once that run succeeded. */
  RECORDED,
  /** Found by a run that {@code on_schema_drift: fail} refused; not accepted. */
  REJECTED,
  /** Accepted by {@code rivet state schema --accept}. */
  ACCEPTED;

  /** The lower-case name stored in the database. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SchemaStatus parse(String value) {
    for (SchemaStatus s : values()) {
      if (s.wireValue().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown schema status '"
            + value
            + "'; valid values: "
            + Arrays.stream(values())
                .map(SchemaStatus::wireValue)
                .collect(Collectors.joining(", ")));
  }
}

package dev.rivet.state;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a chunk stands: {@link #WRITTEN} means its file is complete but not yet part of a published
 * run; {@link #PUBLISHED} means the run that owns it succeeded.
 */
public enum ChunkStatus {
  PLANNED,
  RUNNING,
  WRITTEN,
  PUBLISHED,
  FAILED,
  /** Of an abandoned run; its files, if any, are never published. */
  ABANDONED;

  /** The lower-case name stored in the state database and shown in machine output. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChunkStatus parse(String value) {
    for (ChunkStatus s : values()) {
      if (s.wireValue().equals(value.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown chunk status '"
            + value
            + "'; valid values: "
            + Arrays.stream(values())
                .map(ChunkStatus::wireValue)
                .collect(Collectors.joining(", ")));
  }
}

package dev.rivet.kernel.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which point in time a run's rows come from: each chunk its own snapshot (the default), or one
 * snapshot shared by every chunk of the run.
 */
public enum Consistency {
  /** Each chunk reads in its own repeatable-read transaction: one point in time per chunk. */
  CHUNK("chunk"),
  /**
   * One coordinating transaction exports its snapshot and every chunk reader imports it, so the
   * whole run is one point in time; the snapshot is held for the whole run.
   */
  SNAPSHOT("snapshot");

  /** The consistency of an export that names none. */
  public static final Consistency DEFAULT = CHUNK;

  private final String wireValue;

  Consistency(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static Consistency parse(String value) {
    for (Consistency c : values()) {
      if (c.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown consistency '" + value + "'; valid values: " + validValues());
  }

  public static String validValues() {
    return Arrays.stream(values()).map(Consistency::wireValue).collect(Collectors.joining(", "));
  }
}

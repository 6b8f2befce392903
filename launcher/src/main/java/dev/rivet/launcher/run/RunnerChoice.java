package dev.rivet.launcher.run;

import java.util.Locale;

/** The Beam runner a run uses. */
public enum RunnerChoice {
  /** Beam's DirectRunner in this JVM, with its per-element checks off. */
  DIRECT("direct"),
  /** Flink's embedded runtime in this JVM ({@code [local]}). */
  FLINK("flink");

  private final String wireValue;

  RunnerChoice(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }

  public static RunnerChoice parse(String value) {
    for (RunnerChoice r : values()) {
      if (r.wireValue.equals(value.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown runner '" + value + "'; valid values: direct, flink");
  }
}

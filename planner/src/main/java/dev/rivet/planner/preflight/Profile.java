package dev.rivet.planner.preflight;

/**
 * The tuning profiles preflight recommends by name: safe (small chunks, parallelism 1, pauses),
 * balanced (the defaults), fast (larger chunks, parallelism up to the free connections).
 */
public enum Profile {
  SAFE("safe"),
  BALANCED("balanced"),
  FAST("fast");

  private final String wireValue;

  Profile(String wireValue) {
    this.wireValue = wireValue;
  }

  public String wireValue() {
    return wireValue;
  }
}

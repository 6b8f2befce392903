package dev.rivet.launcher.doctor;

/** The outcome of one doctor check, from best to worst; SKIP means it could not run. */
public enum CheckStatus {
  /** The check passed. */
  PASS,
  /** Works, but something deserves attention; does not change the exit code. */
  WARN,
  /** Rivet would fail here; the exit code is that of the failure's kind. */
  FAIL,
  /** Not run because a check it depends on failed. */
  SKIP;

  /** The value printed in text and JSON output. */
  public String wireValue() {
    return name();
  }
}

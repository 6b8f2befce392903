package dev.rivet.kernel.failure;

/** What kind of failure ended an operation; each kind maps to one documented process exit code. */
public enum FailureKind {
  /** The configuration or command line is wrong; fixing the input fixes it. */
  USER_CONFIG(2),
  /** The source refused the work for a reason retrying will not change (auth, missing table). */
  SOURCE_PERMANENT(3),
  /** The source failed in a way that may pass on retry (connection loss, serialization). */
  SOURCE_TRANSIENT(4),
  /** The destination cannot be written. */
  DESTINATION(5),
  /** The state store cannot be read or written. */
  STATE(6),
  /** A value cannot be represented exactly in the output format and the export says to fail. */
  DATA(7),
  /**
   * The preflight check judged the export UNSAFE for the source, so the run was refused (with
   * {@code --force} it runs anyway); the same code {@code rivet check} exits with.
   */
  UNSAFE_FOR_SOURCE(9),
  /** A defect in Rivet itself. */
  INTERNAL(70);

  private final int exitCode;

  FailureKind(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

package dev.rivet.kernel.failure;

/**
 * What kind of failure ended an operation; each kind maps to one documented process exit code. The
 * codes that are not failures are {@link ExitStatus}'s; {@link ExitCodes} lists them all.
 */
public enum FailureKind {
  /** The configuration or command line is wrong; fixing the input fixes it. */
  USER_CONFIG(
      2,
      "invalid configuration or command line, or a query the source rejects (missing table or"
          + " column, SQL error)"),
  /** The source refused the work for a reason retrying will not change (auth, missing table). */
  SOURCE_PERMANENT(
      3,
      "the source refused the work for good (authentication, privilege, missing database, no TLS"
          + " where the URL requires it)"),
  /** The source failed in a way that may pass on retry (connection loss, serialization). */
  SOURCE_TRANSIENT(
      4,
      "the source failed in a way that may pass on retry (unreachable, connection lost,"
          + " statement timeout, serialization failure)"),
  /** The destination cannot be written. */
  DESTINATION(5, "the destination is not writable"),
  /** The state store cannot be read or written. */
  STATE(6, "the state store failed, or another process holds the export's lease"),
  /** A value cannot be represented exactly in the output format and the export says to fail. */
  DATA(
      7,
      "a value cannot be written exactly and the export says to fail (on_infinity: fail, NaN in"
          + " a DECIMAL column)"),
  /**
   * The preflight check judged the export UNSAFE for the source, so the run was refused (with
   * {@code --force} it runs anyway); the same code {@code rivet check} exits with.
   */
  UNSAFE_FOR_SOURCE(9, "rivet check (or rivet run before reading) judged an export UNSAFE"),
  /**
   * The source's columns changed since the export's last accepted schema and the export says {@code
   * on_schema_drift: fail}, or a run planned under one schema found another; no file of the run was
   * published.
   */
  SCHEMA_DRIFT(
      10,
      "the source schema changed and the export says on_schema_drift: fail (accept it with rivet"
          + " state schema --accept EXPORT), or a run planned under another schema cannot go on"),
  /**
   * The run's data broke its export's data contract ({@code quality:}) and the export says to fail
   * ({@code on_quality_failure: fail}): the run is recorded FAILED and never published.
   */
  QUALITY(11, "the run's data broke the export's quality contract; the run was not published"),
  /**
   * Reading needed more memory than the export may use: a value above {@code max_value_size}, the
   * JVM's heap exhausted while reading, or the source out of memory (SQLSTATE 53200). Never retried
   * as it stands: the same read would run out again.
   */
  MEMORY(
      12,
      "reading ran out of memory: a value above max_value_size, the JVM heap exhausted, or the"
          + " source out of memory (lower batch_size_memory_mb or parallelism, or raise -Xmx)"),
  /** A defect in Rivet itself. */
  INTERNAL(70, "internal error (a bug: please report it with the stack trace)");

  private final int exitCode;
  private final String meaning;

  FailureKind(int exitCode, String meaning) {
    this.exitCode = exitCode;
    this.meaning = meaning;
  }

  public int exitCode() {
    return exitCode;
  }

  /** One line, plain text: what a process that exits with this kind's code ran into. */
  public String meaning() {
    return meaning;
  }
}

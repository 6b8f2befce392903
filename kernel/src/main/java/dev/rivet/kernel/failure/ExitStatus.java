package dev.rivet.kernel.failure;

/**
 * The process exit codes that are not a {@link FailureKind}'s: each defined once here, with the
 * meaning docs/cli.md and {@code rivet --help} show for it. A failure's code is its kind's.
 */
public enum ExitStatus {
  /** The command did what it was asked. */
  SUCCESS(0, "success"),
  /**
   * {@code rivet validate} or {@code rivet reconcile} (alone or after a run) found a difference.
   */
  MISMATCH(8, "validate or reconcile found a mismatch"),
  /**
   * A crash point named by {@code RIVET_CRASH_AT} halted the JVM (crash tests only); the same code
   * a shell reports for a process killed by SIGKILL.
   */
  CRASH_HALT(137, "halted at the crash point named by RIVET_CRASH_AT (crash tests), or killed");

  private final int code;
  private final String meaning;

  ExitStatus(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** One line, plain text: what a process that exits with this code did. */
  public String meaning() {
    return meaning;
  }
}

package dev.rivet.kernel.failure;

/**
 * Failure injection for crash tests. When the environment variable {@code RIVET_CRASH_AT} names a
 * point, reaching that point halts the JVM at once with exit code 137, as {@code kill -9} would: no
 * shutdown hooks, no finally blocks, no state updates. Unset, each call is one string compare. The
 * points are listed in docs/crash-matrix.md.
 */
public final class CrashPoint {
  /** The exit code of a halt, the same as a process killed by SIGKILL. */
  public static final int EXIT_CODE = ExitStatus.CRASH_HALT.code();

  private static final String TARGET = System.getenv("RIVET_CRASH_AT");

  private CrashPoint() {}

  public static void reach(String point) {
    if (point.equals(TARGET)) {
      System.err.println("rivet: RIVET_CRASH_AT=" + point + ": halting now");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}

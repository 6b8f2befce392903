package dev.rivet.launcher.progress;

/**
 * How {@code rivet run} reports progress on standard error: a live display on a terminal, one log
 * line per finished chunk (and a heartbeat for long chunks) elsewhere, or nothing.
 */
public enum ProgressMode {
  /** A status line redrawn in place at the bottom of the terminal. */
  LIVE,
  /** One INFO log line per finished chunk, and a heartbeat line for each long-running chunk. */
  LINES,
  /** No progress at all ({@code --quiet}, {@code --no-progress}). */
  OFF;

  /**
   * The mode for a run's options and where standard error goes. {@code --output json} never gets
   * the live display: a script reads that output, and log lines suit it better.
   */
  public static ProgressMode choose(
      boolean quiet, boolean noProgress, boolean jsonOutput, boolean stderrIsTerminal) {
    if (quiet || noProgress) {
      return OFF;
    }
    return stderrIsTerminal && !jsonOutput ? LIVE : LINES;
  }
}

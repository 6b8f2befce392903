package dev.rivet.launcher.progress;

import dev.rivet.launcher.output.StandardStream;
import java.util.Map;

/** Whether the process's standard error is a terminal that can show the live display. */
public final class StandardError {
  private StandardError() {}

  /**
   * True when standard error is a terminal ({@link StandardStream#isTerminal}) and {@code TERM}
   * names a terminal type other than {@code dumb}.
   */
  public static boolean isTerminal(Map<String, String> env) {
    String term = env.get("TERM");
    if (term == null || term.isBlank() || term.equals("dumb")) {
      return false;
    }
    return StandardStream.ERROR.isTerminal();
  }
}

package dev.rivet.launcher.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether the process's standard error is a terminal that can show the live display. */
public final class StandardError {
  private StandardError() {}

  /**
   * True when standard error is a terminal (a {@code /dev/pts} or {@code /dev/tty} device; where
   * {@code /proc} is missing, when the JVM has a console) and {@code TERM} names a terminal type
   * other than {@code dumb}.
   */
  public static boolean isTerminal(Map<String, String> env) {
    String term = env.get("TERM");
    if (term == null || term.isBlank() || term.equals("dumb")) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}

package dev.rivet.launcher.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's standard output and standard error, and whether each is a terminal: the one place
 * that asks the operating system, for the live progress display (standard error) and for refusing
 * Parquet onto a terminal (standard output).
 */
public enum StandardStream {
  OUTPUT(1),
  ERROR(2);

  private final int descriptor;

  StandardStream(int descriptor) {
    this.descriptor = descriptor;
  }

  /**
   * True when the stream is a terminal device ({@code /dev/pts/*} or {@code /dev/tty*}, read from
   * {@code /proc/self/fd}); where {@code /proc} cannot tell, when the JVM has a console (standard
   * input and output both terminals).
   */
  public boolean isTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}

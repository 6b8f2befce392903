package dev.rivet.launcher;

import dev.rivet.launcher.command.RivetCommand;

/** Entry point of the {@code rivet} command; always ends the JVM with the command's exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logging.configure();
    int code = RivetCommand.execute(args, System.out, System.err);
    // A Flink [local] job can leave non-daemon threads behind: exit explicitly, never hang.
    System.exit(code);
  }
}

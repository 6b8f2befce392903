package dev.rivet.launcher;

import dev.rivet.launcher.command.RivetCommand;
import dev.rivet.launcher.logging.Logging;
import dev.rivet.launcher.output.SecretMasking;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.Arrays;

/** Entry point of the {@code rivet} command; always ends the JVM with the command's exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Before any logger exists: log lines and stack traces of every library are masked too.
    System.setErr(SecretMasking.printStream(new FileOutputStream(FileDescriptor.err)));
    // rivet run --quiet: Rivet's informational lines are left out, warnings and errors stay.
    boolean quiet = Arrays.asList(args).contains("--quiet");
    // Configured once the command line has parsed, before the command runs: never for --help,
    // --version or a usage error, which log nothing (logback's set-up is a sixth of a --help).
    int code =
        RivetCommand.execute(
            args, System.out, System.err, format -> Logging.configure(format, quiet));
    // A Flink [local] job can leave non-daemon threads behind: exit explicitly, never hang.
    System.exit(code);
  }
}

package dev.rivet.launcher.e2e;

import dev.rivet.launcher.command.RivetCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the rivet command line in process and captures what it prints. */
final class Cli {
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** A command's result and the log lines it wrote (the logger writes to standard error). */
  record Logged(Result cli, String log) {}

  private Cli() {}

  /**
   * As {@link #run}, also capturing the process's standard error while it runs, where the logger
   * writes.
   */
  static Logged runLogged(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Result result;
    try (PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      try {
        result = run(args);
      } finally {
        System.setErr(original);
      }
    }
    return new Logged(result, log.toString(StandardCharsets.UTF_8));
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = RivetCommand.execute(args, o, e);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}

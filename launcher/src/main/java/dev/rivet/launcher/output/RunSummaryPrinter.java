package dev.rivet.launcher.output;

import dev.rivet.state.RunRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Prints the summary of a finished run: rows, files, bytes, duration, throughput. */
public final class RunSummaryPrinter {
  private RunSummaryPrinter() {}

  public static void print(RunRecord run, String location, PrintWriter out) {
    double seconds =
        run.startedAt() == null || run.finishedAt() == null
            ? 0
            : Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0;
    out.printf("export %s  run %s  %s%n", run.export(), run.runId(), run.status());
    out.printf(
        "  rows %s  files %d  bytes %s  duration %s  rows/s %s%n",
        Numbers.grouped(run.rows()),
        run.files(),
        Numbers.bytes(run.bytes()),
        Numbers.seconds(seconds),
        seconds > 0 ? Numbers.grouped(Math.round(run.rows() / seconds)) : "-");
    out.printf(Locale.ROOT, "  output %s%n", location);
  }
}

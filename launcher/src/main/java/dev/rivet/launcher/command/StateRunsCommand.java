package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateRunsJson;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet state runs}: the runs of the config's exports, newest first; plans that never ran
 * are kept apart (hidden unless {@code --plans}, then shown as {@value #PLAN_NOT_RUN}).
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Runs of the config's exports, newest first. Plans made by rivet plan that never ran"
            + " are not runs: hidden unless --plans.")
final class StateRunsCommand implements Callable<Integer> {
  /** How the text table shows a plan made by {@code rivet plan} that never ran. */
  static final String PLAN_NOT_RUN = "PLAN (not run)";

  @Mixin ConfigOption config;

  @Option(
      names = "--export",
      paramLabel = "NAME",
      description = "Only runs of this export (default: every export of the config).")
  String export;

  @Option(names = "--limit", defaultValue = "20", description = "At most this many (default 20).")
  int limit;

  @Option(
      names = "--plans",
      description =
          "Also list plans that never ran (made by rivet plan), as status PLAN (not run); hidden"
              + " by default.")
  boolean plans;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<RunRecord> shown = new ArrayList<>();
    int hidden = 0;
    try (StateStore store = config.openState()) {
      // A plan that never ran is no run: left out unless asked for, and the limit counts runs.
      for (RunRecord r : store.runsOf(config.exportNames(export), Integer.MAX_VALUE)) {
        if (r.planOnly() && !plans) {
          hidden++;
        } else if (shown.size() < limit) {
          shown.add(r);
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      JsonDocument.print(StateRunsJson.runs(shown, plans, hidden), out);
      return ExitStatus.SUCCESS.code();
    }
    TextTable table =
        new TextTable(
            "RUN",
            "EXPORT",
            "STATUS",
            "RUNNER",
            "CHUNKS",
            "ROWS",
            "FILES",
            "BYTES",
            "STARTED",
            "FINISHED",
            "ERROR");
    for (RunRecord r : shown) {
      table.row(
          r.runId(),
          r.export(),
          r.planOnly() ? PLAN_NOT_RUN : r.status(),
          r.runner(),
          r.chunkCount(),
          r.rows(),
          r.files(),
          r.bytes(),
          r.startedAt(),
          r.finishedAt(),
          r.errorMessage());
    }
    table.print(out);
    out.flush();
    if (hidden > 0) {
      // A note, not a row: standard output stays the table a script may read.
      spec.commandLine()
          .getErr()
          .println(
              "note: "
                  + hidden
                  + " plan(s) that never ran not shown; --plans lists them, rivet state prune"
                  + " removes old ones");
    }
    return ExitStatus.SUCCESS.code();
  }
}

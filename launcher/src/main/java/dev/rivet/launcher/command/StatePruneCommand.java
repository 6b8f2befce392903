package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.config.DurationText;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateRunsJson;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.state.CursorMark;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet state prune}: removes the records of old runs, and of plans never run, from the
 * state store. Lists what it would remove unless {@code --delete}. Keeps what later runs rely on.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description =
        "Remove the records (run, chunks, files, errors) of runs created more than --older-than"
            + " ago: published, failed and abandoned runs, and plans never run. Lists them unless"
            + " --delete. Keeps each export's newest published run, the runs that set a cursor"
            + " mark or introduced a recorded schema, and running runs. Never touches the files"
            + " themselves (see rivet state files --orphans).")
final class StatePruneCommand implements Callable<Integer> {
  private static final Set<RunStatus> FINISHED =
      Set.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.ABANDONED, RunStatus.PLANNED);

  @Mixin ConfigOption config;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "DURATION",
      description = "Only runs created longer ago than this, e.g. 30d, 12h (0s: all).")
  String olderThan;

  @Option(
      names = "--export",
      paramLabel = "NAME",
      description = "Only runs of this export (default: every export of the config).")
  String export;

  @Option(names = "--delete", description = "Remove them (default: only list them).")
  boolean delete;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long millis;
    try {
      millis = DurationText.parseMillis(olderThan);
    } catch (IllegalArgumentException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "--older-than '" + olderThan + "': " + e.getMessage(),
          "write a duration such as 30d, 12h or 0s");
    }
    Instant cutoff = Instant.now().minus(Duration.ofMillis(millis));
    List<String> exports = config.exportNames(export);
    PrintWriter out = spec.commandLine().getOut();
    try (StateStore store = config.openState()) {
      List<RunRecord> runs = store.runsOf(exports, Integer.MAX_VALUE);
      Set<String> kept = kept(store, exports, runs);
      List<RunRecord> prunable = new ArrayList<>();
      for (RunRecord run : runs) {
        if (FINISHED.contains(run.status())
            && run.createdAt().isBefore(cutoff)
            && !kept.contains(run.runId())) {
          prunable.add(run);
        }
      }
      if (output.json()) {
        int removed =
            delete && !prunable.isEmpty()
                ? store.deleteRuns(prunable.stream().map(RunRecord::runId).toList())
                : 0;
        JsonDocument.print(StateRunsJson.prune(olderThan, prunable, delete, removed), out);
        return ExitStatus.SUCCESS.code();
      }
      if (prunable.isEmpty()) {
        out.printf("no run of %s older than %s to prune%n", String.join(", ", exports), olderThan);
        out.flush();
        return ExitStatus.SUCCESS.code();
      }
      TextTable table = new TextTable("RUN", "EXPORT", "STATUS", "CREATED");
      prunable.forEach(
          r ->
              table.row(
                  r.runId(),
                  r.export(),
                  r.planOnly() ? StateRunsCommand.PLAN_NOT_RUN : r.status(),
                  r.createdAt()));
      table.print(out);
      if (delete) {
        int removed = store.deleteRuns(prunable.stream().map(RunRecord::runId).toList());
        out.printf(
            "removed the records of %d run(s) older than %s (their files, if any, are where"
                + " they were)%n",
            removed, olderThan);
      } else {
        out.printf(
            "%d run(s) older than %s would be removed; pass --delete to remove them%n",
            prunable.size(), olderThan);
      }
      out.flush();
    }
    return ExitStatus.SUCCESS.code();
  }

  /** Runs later runs rely on: marks, schema history, each export's newest published run. */
  private static Set<String> kept(StateStore store, List<String> exports, List<RunRecord> runs) {
    Set<String> kept = new HashSet<>();
    for (CursorMark mark : store.cursorMarks()) {
      kept.add(mark.runId());
    }
    for (String name : exports) {
      for (SchemaRecord schema : store.schemaHistory(name)) {
        if (schema.runId() != null) {
          kept.add(schema.runId());
        }
      }
      runs.stream()
          .filter(r -> r.export().equals(name) && r.status() == RunStatus.SUCCEEDED)
          .max((a, b) -> a.createdAt().compareTo(b.createdAt()))
          .ifPresent(r -> kept.add(r.runId()));
    }
    return kept;
  }
}

package dev.rivet.launcher.command;

import dev.rivet.launcher.output.TextTable;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.FileRecord;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rivet state}: what ran, what each chunk did, which files belong to which run. */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Inspect the state store.",
    subcommands = {
      StateCommand.Runs.class,
      StateCommand.Chunks.class,
      StateCommand.Files.class,
      StateCursorsCommand.class
    })
final class StateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "choose one of: runs, chunks, files, cursors");
  }

  @Command(name = "runs", mixinStandardHelpOptions = true, description = "Runs, newest first.")
  static final class Runs implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = "--export", paramLabel = "NAME", description = "Only runs of this export.")
    String export;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (default 20).")
    int limit;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (StateStore store = config.openState()) {
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
        for (RunRecord r : store.runs(export, limit)) {
          table.row(
              r.runId(),
              r.export(),
              r.status(),
              r.runner(),
              r.chunkCount(),
              r.rows(),
              r.files(),
              r.bytes(),
              r.startedAt(),
              r.finishedAt(),
              r.errorMessage());
        }
        table.print(spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "chunks", mixinStandardHelpOptions = true, description = "Chunks of a run.")
  static final class Chunks implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin RunSelector selector;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (StateStore store = config.openState()) {
        TextTable table =
            new TextTable(
                "CHUNK",
                "RANGE",
                "STATUS",
                "ATTEMPTS",
                "ROWS",
                "STARTED",
                "FINISHED",
                "ERROR",
                "FAILED ATTEMPTS");
        String runId = selector.runId(store);
        java.util.Map<Integer, String> failures = new java.util.HashMap<>();
        for (dev.rivet.state.ChunkError e : store.chunkErrors(runId)) {
          failures.merge(e.chunkIndex(), e.attempt() + ":" + e.errorClass(), (a, b) -> a + " " + b);
        }
        List<dev.rivet.planner.model.Chunk> planned =
            store.findPlan(runId).map(p -> p.chunks()).orElse(List.of());
        for (ChunkRecord c : store.chunks(runId)) {
          table.row(
              c.chunkIndex(),
              (c.chunkIndex() < planned.size()
                      ? planned.get(c.chunkIndex())
                      : new dev.rivet.planner.model.Chunk(
                          c.chunkIndex(), c.lowerInclusive(), c.upperExclusive()))
                  .describeRange(),
              c.status(),
              c.attempts(),
              c.rows(),
              c.startedAt(),
              c.finishedAt(),
              c.errorMessage(),
              failures.get(c.chunkIndex()));
        }
        table.print(spec.commandLine().getOut());
      }
      return 0;
    }
  }

  @Command(name = "files", mixinStandardHelpOptions = true, description = "Files of a run.")
  static final class Files implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin RunSelector selector;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (StateStore store = config.openState()) {
        TextTable table = new TextTable("CHUNK", "FILE", "ROWS", "BYTES", "SHA256", "PATH");
        for (FileRecord f : store.files(selector.runId(store))) {
          table.row(f.chunkIndex(), f.fileIndex(), f.rows(), f.bytes(), f.sha256(), f.path());
        }
        table.print(spec.commandLine().getOut());
      }
      return 0;
    }
  }

  /** {@code --run ID}, defaulting to the newest run (of {@code --export} when given). */
  static final class RunSelector {
    @Option(
        names = "--run",
        paramLabel = "RUN_ID",
        description = "Run id (default: the newest run).")
    String runId;

    @Option(names = "--export", paramLabel = "NAME", description = "Newest run of this export.")
    String export;

    String runId(StateStore store) {
      if (runId != null) {
        if (store.run(runId).isEmpty()) {
          throw new RivetException(
              FailureKind.USER_CONFIG,
              "no run with id '" + runId + "' in the state store",
              "list runs with 'rivet state runs'");
        }
        return runId;
      }
      List<RunRecord> newest = store.runs(export, 1);
      if (newest.isEmpty()) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "the state store has no runs" + (export == null ? "" : " of export '" + export + "'"),
            "run 'rivet plan' or 'rivet run' first");
      }
      return newest.get(0).runId();
    }
  }
}

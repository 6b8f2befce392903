package dev.rivet.launcher.command;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateRunsJson;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.pipeline.files.RunFolder;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.fs.ResourceId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet state}: what ran, what each chunk did, which files belong to which run, who holds
 * which export; and creating, migrating, exporting (backing up) or importing (restoring) the store.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Inspect, create, migrate, export or import the state store.",
    subcommands = {
      StateRunsCommand.class,
      StateCommand.Chunks.class,
      StateCommand.Files.class,
      StateCursorsCommand.class,
      StateLeasesCommand.class,
      StateSchemaHistoryCommand.class,
      StateShapeCommand.class,
      StateInitCommand.class,
      StateMigrateCommand.class,
      StateExportCommand.class,
      StateImportCommand.class,
      StatePruneCommand.class
    })
final class StateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "choose one of: runs, chunks, files, cursors, leases, schema, shape, init, migrate,"
            + " export, import, prune");
  }

  @Command(name = "chunks", mixinStandardHelpOptions = true, description = "Chunks of a run.")
  static final class Chunks implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin RunSelector selector;
    @Mixin OutputOption output;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (StateStore store = config.openState()) {
        String runId = selector.runId(store, config);
        Map<Integer, List<ChunkError>> failures = new TreeMap<>();
        for (ChunkError e : store.chunkErrors(runId)) {
          failures.computeIfAbsent(e.chunkIndex(), i -> new ArrayList<>()).add(e);
        }
        List<Chunk> planned = store.findPlan(runId).map(p -> p.chunks()).orElse(List.of());
        List<ChunkRecord> chunks = store.chunks(runId);
        Map<Integer, String> ranges = new TreeMap<>();
        for (ChunkRecord c : chunks) {
          ranges.put(
              c.chunkIndex(),
              (c.chunkIndex() < planned.size()
                      ? planned.get(c.chunkIndex())
                      : new Chunk(c.chunkIndex(), c.lowerInclusive(), c.upperExclusive()))
                  .describeRange());
        }
        if (output.json()) {
          JsonDocument.print(
              StateRunsJson.chunks(runId, chunks, ranges, failures), spec.commandLine().getOut());
          return ExitStatus.SUCCESS.code();
        }
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
        for (ChunkRecord c : chunks) {
          List<ChunkError> failed = failures.get(c.chunkIndex());
          table.row(
              c.chunkIndex(),
              ranges.get(c.chunkIndex()),
              c.status(),
              c.attempts(),
              c.rows(),
              c.startedAt(),
              c.finishedAt(),
              c.errorMessage(),
              failed == null
                  ? null
                  : String.join(
                      " ", failed.stream().map(e -> e.attempt() + ":" + e.errorClass()).toList()));
        }
        table.print(spec.commandLine().getOut());
      }
      return ExitStatus.SUCCESS.code();
    }
  }

  @Command(
      name = "files",
      mixinStandardHelpOptions = true,
      description =
          "Files of a run; with --orphans, the files under the run's folder that the state store"
              + " does not list.")
  static final class Files implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Mixin RunSelector selector;

    @Option(
        names = "--orphans",
        description =
            "List files under the run's folder that are not the run's recorded files,"
                + " manifest.json or _SUCCESS (left by an interrupted attempt).")
    boolean orphans;

    @Option(
        names = "--delete",
        description =
            "With --orphans: delete them. Only while nothing writes to the run (it is not"
                + " running).")
    boolean delete;

    @Mixin OutputOption output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (delete && !orphans) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--delete needs --orphans (it deletes only orphan files)");
      }
      try (StateStore store = config.openState()) {
        String runId = selector.runId(store, config);
        if (orphans) {
          config.configWithFileSystems();
          return orphans(store, runId);
        }
        if (output.json()) {
          JsonDocument.print(
              StateRunsJson.files(runId, store.files(runId)), spec.commandLine().getOut());
          return ExitStatus.SUCCESS.code();
        }
        TextTable table = new TextTable("CHUNK", "FILE", "ROWS", "BYTES", "SHA256", "PATH");
        for (WrittenFile f : store.files(runId)) {
          table.row(f.chunkIndex(), f.fileIndex(), f.rows(), f.bytes(), f.sha256(), f.path());
        }
        table.print(spec.commandLine().getOut());
      }
      return ExitStatus.SUCCESS.code();
    }

    private int orphans(StateStore store, String runId) {
      ExportPlan plan =
          store
              .findPlan(runId)
              .orElseThrow(
                  () ->
                      new RivetException(
                          FailureKind.STATE,
                          "run '" + runId + "' has no stored plan, so its folder is unknown",
                          "list the destination folder by hand"));
      PrintWriter out = spec.commandLine().getOut();
      if (plan.export().destination() instanceof Destination.Stdout) {
        if (output.json()) {
          JsonDocument.print(StateRunsJson.orphans(runId, null, List.of(), false), out);
          return ExitStatus.SUCCESS.code();
        }
        out.println("run " + runId + " went to standard output: it has no files");
        return ExitStatus.SUCCESS.code();
      }
      RunLayout layout = RunLayout.of(plan);
      List<String> recorded = store.files(runId).stream().map(WrittenFile::path).toList();
      List<ResourceId> found;
      try {
        found = RunFolder.orphans(layout, recorded);
        if (delete) {
          RunFolder.delete(found);
        }
      } catch (IOException | RuntimeException e) {
        throw new RivetException(
            FailureKind.DESTINATION,
            "cannot "
                + (delete ? "delete" : "list")
                + " orphan files of run "
                + runId
                + " under "
                + layout.runDirectory()
                + ": "
                + e.getMessage(),
            "check that the destination is reachable with the config's credentials",
            e);
      }
      if (output.json()) {
        JsonDocument.print(
            StateRunsJson.orphans(
                runId,
                layout.runDirectory().toString(),
                found.stream().map(ResourceId::toString).toList(),
                delete),
            out);
        return ExitStatus.SUCCESS.code();
      }
      TextTable table = new TextTable(delete ? "DELETED" : "ORPHAN");
      found.forEach(file -> table.row(file.toString()));
      table.print(out);
      out.println(
          found.size()
              + " orphan file(s) under "
              + layout.runDirectory()
              + (delete ? " deleted" : found.isEmpty() ? "" : "; --delete removes them"));
      return ExitStatus.SUCCESS.code();
    }
  }

  /**
   * {@code --run ID}, defaulting to the newest run that ran (as {@code rivet state runs} lists
   * runs: a plan that never ran is skipped) of {@code --export} when given, else of the config's
   * exports (never another config's, in a shared state store).
   */
  static final class RunSelector {
    @Option(
        names = "--run",
        paramLabel = "RUN_ID",
        description =
            "Run id (default: the newest run of the config's exports that ran; plans that never"
                + " ran are skipped).")
    String runId;

    @Option(names = "--export", paramLabel = "NAME", description = "Newest run of this export.")
    String export;

    String runId(StateStore store, ConfigOption config) {
      if (runId != null) {
        if (store.run(runId).isEmpty()) {
          throw new RivetException(
              FailureKind.USER_CONFIG,
              "no run with id '" + runId + "' in the state store",
              "list runs with 'rivet state runs'");
        }
        return runId;
      }
      List<String> exports = config.exportNames(export);
      List<RunRecord> all = store.runsOf(exports, Integer.MAX_VALUE);
      String of =
          export == null
              ? "this config's exports (" + String.join(", ", exports) + ")"
              : "export '" + export + "'";
      return all.stream()
          .filter(r -> !r.planOnly())
          .findFirst()
          .map(RunRecord::runId)
          .orElseThrow(
              () ->
                  all.isEmpty()
                      ? new RivetException(
                          FailureKind.USER_CONFIG,
                          "the state store has no runs of " + of,
                          "run 'rivet run' first")
                      : new RivetException(
                          FailureKind.USER_CONFIG,
                          "the state store has no runs of "
                              + of
                              + ", only "
                              + all.size()
                              + " plan(s) that never ran",
                          "run 'rivet run' first, or name a plan with --run RUN_ID ('rivet state"
                              + " runs --plans' lists them)"));
    }
  }
}

package dev.rivet.launcher.run;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.config.StorageSettings;
import dev.rivet.launcher.output.SecretMasking;
import dev.rivet.launcher.progress.ProgressMode;
import dev.rivet.launcher.progress.ProgressSettings;
import dev.rivet.launcher.progress.RunProgress;
import dev.rivet.launcher.storage.StorageOptions;
import dev.rivet.pipeline.RivetExtract;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.pipeline.finalize.FilesChangedException;
import dev.rivet.pipeline.govern.Governor;
import dev.rivet.pipeline.govern.GovernorReport;
import dev.rivet.pipeline.inline.InlineExtract;
import dev.rivet.pipeline.read.ReadProtocols;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.pipeline.read.SnapshotCoordinator;
import dev.rivet.pipeline.stream.StreamExport;
import dev.rivet.planner.Planner;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans an export outside Beam, stores the plan before any row is read, then runs it and records
 * the outcome. A failed run is marked failed in state and never gets a {@code _SUCCESS}. An export
 * to standard output runs as one {@link StreamExport}; a run on the direct runner runs as an {@link
 * InlineExtract} (the pipeline's chunk workers and publisher, on up to {@code parallelism} threads
 * of this process, without Beam); a run on Flink runs as a Beam pipeline.
 */
public final class ExportRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);

  private final StateStore store;
  private final StateLocation stateLocation;
  private final Clock clock;
  private final StorageSettings storage;
  private final OutputStream standardOutput;
  private final ProgressSettings progress;
  private final Map<String, GovernorReport> governorReports = new ConcurrentHashMap<>();

  public ExportRunner(StateStore store, StateLocation stateLocation, Clock clock) {
    this(store, stateLocation, clock, StorageSettings.DEFAULT, System.out);
  }

  /** As the full constructor, showing no progress. */
  public ExportRunner(
      StateStore store,
      StateLocation stateLocation,
      Clock clock,
      StorageSettings storage,
      OutputStream standardOutput) {
    this(store, stateLocation, clock, storage, standardOutput, ProgressSettings.OFF);
  }

  /**
   * @param storage how object-store destinations are reached
   * @param standardOutput where an export to standard output writes its data
   * @param progress how each run shows its progress on standard error while it runs
   */
  public ExportRunner(
      StateStore store,
      StateLocation stateLocation,
      Clock clock,
      StorageSettings storage,
      OutputStream standardOutput,
      ProgressSettings progress) {
    this.store = store;
    this.stateLocation = stateLocation;
    this.clock = clock;
    this.storage = storage;
    this.standardOutput = standardOutput;
    this.progress = progress;
  }

  /**
   * This runner for runs side by side: progress that would be the live display (one display per
   * terminal) is shown as log lines naming the export instead; its governor reports are its own.
   */
  ExportRunner sideBySide() {
    ProgressSettings lines =
        progress.mode() == ProgressMode.LIVE
            ? new ProgressSettings(ProgressMode.LINES, progress.heartbeat())
            : progress;
    return new ExportRunner(store, stateLocation, clock, storage, standardOutput, lines);
  }

  /**
   * Plans the export and stores the plan; reads no data rows. An incremental export plans from its
   * stored high-water mark.
   */
  public ExportPlan plan(SourceConnection source, ExportSpec export) {
    ExportPlan plan =
        new Planner(clock)
            .plan(source, export, RunIds.next(clock), CursorMarks.previous(store, export));
    // Column overrides are checked against the planned source types before anything is stored.
    OutputTypes.of(plan);
    store.savePlan(plan);
    CrashPoint.reach("plan-stored");
    return plan;
  }

  /** Runs a stored plan to completion; returns the published run or throws a RivetException. */
  public RunRecord run(SourceConnection source, ExportPlan plan, RunnerChoice runner) {
    return run(source, plan, runner, null);
  }

  /**
   * As {@link #run(SourceConnection, ExportPlan, RunnerChoice)}, writing only while {@code fence}
   * (the export's lease, when not null) is still this process's.
   */
  public RunRecord run(
      SourceConnection source, ExportPlan plan, RunnerChoice runner, LeaseFence fence) {
    return rereadingChangedFiles(source, plan, runner, false, fence);
  }

  /**
   * Resumes an unfinished run of a stored plan: chunks whose files were written and are still in
   * place are kept, every other chunk is read again, in-progress files of the interrupted attempt
   * are deleted, and the run is published as a whole.
   */
  public RunRecord resume(SourceConnection source, ExportPlan plan, RunnerChoice runner) {
    return resume(source, plan, runner, null);
  }

  /**
   * As {@link #resume(SourceConnection, ExportPlan, RunnerChoice)}, fenced like {@link #run}.
   *
   * @throws RivetException USER_CONFIG for a {@code consistency: snapshot} run: its snapshot ended
   *     with the process that ran it (see {@link #cannotResume})
   */
  public RunRecord resume(
      SourceConnection source, ExportPlan plan, RunnerChoice runner, LeaseFence fence) {
    if (!resumable(plan)) {
      throw cannotResume(plan);
    }
    return rereadingChangedFiles(source, plan, runner, true, fence);
  }

  /**
   * Whether an unfinished run of {@code plan} can be resumed: not one that reads a single snapshot
   * ({@code consistency: snapshot}), which lived only as long as the process that ran it; resuming
   * would read the remaining chunks at a later point in time.
   */
  public static boolean resumable(ExportPlan plan) {
    return plan.export().consistency() != Consistency.SNAPSHOT;
  }

  /** Why a {@code consistency: snapshot} run cannot be resumed, and what to do instead. */
  public static RivetException cannotResume(ExportPlan plan) {
    return new RivetException(
        FailureKind.USER_CONFIG,
        "export '"
            + plan.export().name()
            + "' run "
            + plan.runId()
            + " reads one snapshot (consistency: snapshot), which ended with the process that ran"
            + " it; resuming would read its remaining chunks at another point in time, so it"
            + " cannot be resumed",
        "run 'rivet run --fresh' (a plain 'rivet run' does the same for such a run): it abandons"
            + " the unfinished run and plans a new one that reads a new snapshot");
  }

  /**
   * Runs the plan; when publishing finds files of the run gone or changed (deleted by something
   * else during the run), resumes the run once, which reads exactly those chunks again. Files that
   * vanish a second time fail the run: something keeps deleting them.
   */
  private RunRecord rereadingChangedFiles(
      SourceConnection source,
      ExportPlan plan,
      RunnerChoice runner,
      boolean resume,
      LeaseFence fence) {
    if (plan.export().consistency() != Consistency.SNAPSHOT) {
      return executeRereading(source, plan, runner, resume, fence, null);
    }
    SnapshotCoordinator coordinator;
    try {
      coordinator = SnapshotCoordinator.open(source, plan);
    } catch (RuntimeException e) {
      throw recordFailure(plan, Failures.explain(e));
    }
    // Held until the run is published or failed: a re-read of changed files reads it too.
    try (coordinator) {
      return executeRereading(source, plan, runner, resume, fence, coordinator.snapshot());
    }
  }

  private RunRecord executeRereading(
      SourceConnection source,
      ExportPlan plan,
      RunnerChoice runner,
      boolean resume,
      LeaseFence fence,
      RunSnapshot snapshot) {
    try {
      return execute(source, plan, runner, resume, fence, false, snapshot);
    } catch (FilesChangedException changed) {
      LOG.warn(
          "run 2/3: export {} run {}: files of chunk(s) {} were deleted or changed before"
              + " publishing; reading those chunks again",
          plan.export().name(),
          plan.runId(),
          changed.chunks());
      return execute(source, plan, runner, true, fence, true, snapshot);
    }
  }

  /**
   * @param lastAttempt a publish that finds changed files fails the run; otherwise the run is left
   *     for {@link #rereadingChangedFiles} to resume
   * @param snapshot the snapshot every chunk reads, or null for a snapshot per chunk
   */
  private RunRecord execute(
      SourceConnection source,
      ExportPlan plan,
      RunnerChoice runner,
      boolean resume,
      LeaseFence fence,
      boolean lastAttempt,
      RunSnapshot snapshot) {
    String export = plan.export().name();
    // One governor per run in this process; its gate reaches every reader of the run here.
    Governor governor = Governor.start(plan, source);
    try (RunProgress watching = RunProgress.watch(progress, stateLocation, plan)) {
      // Once per export; fails before any chunk when read_protocol copy cannot serve a column.
      LOG.info(
          "run 2/3: export {} run {}: reading rows through {} (tuning.read_protocol {})",
          export,
          plan.runId(),
          source.driver() == null
                  && ReadProtocols.governedCursor(plan, plan.export().readProtocol())
              ? "JDBC (a "
                  + (plan.yields() ? "run yielding to other sessions" : "paced run")
                  + " reads through a cursor, at most "
                  + ExportPlan.GOVERNED_FETCH_ROWS
                  + " rows per fetch, so the source works one fetch at a time)"
              : source.driver() != null
                      || ReadProtocols.protocolFor(plan, plan.export().readProtocol())
                          != ReadProtocol.COPY
                  ? "JDBC"
                  : plan.splitKey() != null && plan.splitKey().isKeyset()
                      ? "JDBC (keyset chunk bounds are parameters, which COPY cannot take)"
                      : "binary COPY",
          plan.export().readProtocol().wireValue());
      plan.notes().stream()
          .filter(n -> n.code() == NoteCode.YIELDING)
          .forEach(
              n -> LOG.info("run 2/3: export {} run {}: {}", export, plan.runId(), n.render()));
      if (plan.export().destination() instanceof Destination.Stdout) {
        store.runStarted(plan.runId(), "stream");
        LOG.info(
            "run 2/3: export {} run {}: streaming {} chunk(s) to standard output",
            export,
            plan.runId(),
            plan.chunks().size());
        StreamExport.run(plan, source, stateLocation, fence, snapshot, standardOutput);
        return published(plan);
      }
      // One set of options serves the destination check and the pipeline alike. Local files need
      // none (Beam's FileSystems knows them from the start), so a small run to a local directory
      // never builds options, which costs a second of class loading.
      PipelineOptions options = null;
      if (!(plan.export().destination() instanceof Destination.Local)) {
        options = pipelineOptions(plan, runner);
      }
      DestinationCheck.ensureWritable(export, plan.export().destination());
      RivetExtract extract = RivetExtract.of(plan, source).withState(stateLocation);
      if (fence != null) {
        extract = extract.fencedBy(fence);
      }
      if (snapshot != null) {
        extract = extract.readingSnapshot(snapshot);
      }
      List<WrittenFile> writtenEarlier = List.of();
      if (resume) {
        ResumePoint point = ResumePoint.of(store, plan);
        writtenEarlier = point.written();
        extract = extract.resuming(writtenEarlier);
        LOG.info(
            "run 2/3: export {} run {}: resuming; {} chunk(s) already written, {} orphan file(s)"
                + " of the interrupted attempt removed",
            export,
            plan.runId(),
            point.chunksKept(),
            point.orphansRemoved());
      }
      store.runStarted(plan.runId(), runner.wireValue());
      if (runner.engine() == RunnerChoice.Engine.DIRECT) {
        List<Chunk> chunks = extract.chunksToRead();
        LOG.info(
            "run 2/3: export {} run {}: reading {} chunk(s), {} at a time, in this process (no"
                + " pipeline)",
            export,
            plan.runId(),
            chunks.size(),
            InlineExtract.readers(plan, chunks));
        InlineExtract.run(plan, source, stateLocation, chunks, writtenEarlier, fence, snapshot);
        return published(plan);
      }
      if (options == null) {
        options = pipelineOptions(plan, runner);
      }
      Pipeline pipeline = Pipeline.create(options);
      pipeline.apply("Extract", extract);
      LOG.info(
          "run 2/3: export {} run {}: reading {} chunk(s) with parallelism {} on {}",
          export,
          plan.runId(),
          extract.chunksToRead().size(),
          plan.parallelism(),
          runner.wireValue());
      PipelineResult result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended in state " + state);
      }
    } catch (RuntimeException | Error e) {
      RivetException failure = Failures.explain(e);
      if ((failure instanceof FilesChangedException && !lastAttempt)
          || failure instanceof LeaseFence.LeaseLostException) {
        // Resumed at once; or the run is another process's now: this one records nothing.
        throw failure;
      }
      throw recordFailure(plan, failure);
    } finally {
      if (governor != null) {
        governor.close();
        governorReports.merge(plan.runId(), governor.report(), GovernorReport::plus);
      }
    }
    return published(plan);
  }

  /**
   * What the governor of run {@code runId} did in this process; empty when the run had none (its
   * export sets no threshold and no rate limit).
   */
  public Optional<GovernorReport> governorReport(String runId) {
    return Optional.ofNullable(governorReports.get(runId));
  }

  /** Records the run as failed with {@code failure}; returns {@code failure} to throw. */
  private RivetException recordFailure(ExportPlan plan, RivetException failure) {
    try {
      store.runFailed(
          plan.runId(), failure.kind().name(), SecretMasking.mask(failure.getMessage()));
    } catch (RuntimeException stateFailure) {
      failure.addSuppressed(stateFailure);
    }
    return failure;
  }

  /** The runner's options with the storage settings, registered with Beam's FileSystems. */
  private PipelineOptions pipelineOptions(ExportPlan plan, RunnerChoice runner) {
    boolean usesS3 = plan.export().destination() instanceof Destination.S3;
    PipelineOptions options =
        StorageOptions.apply(
            storage,
            RunnerOptions.forRunner(runner, plan.parallelism(), "rivet-" + plan.export().name()),
            usesS3);
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  private RunRecord published(ExportPlan plan) {
    return store
        .run(plan.runId())
        .orElseThrow(
            () -> new IllegalStateException("run " + plan.runId() + " vanished from state"));
  }
}

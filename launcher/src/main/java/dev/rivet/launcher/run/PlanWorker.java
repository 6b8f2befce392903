package dev.rivet.launcher.run;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.launcher.config.StorageSettings;
import dev.rivet.launcher.drift.PlannedSchema;
import dev.rivet.launcher.output.SecretMasking;
import dev.rivet.launcher.progress.ProgressSettings;
import dev.rivet.launcher.progress.RunProgress;
import dev.rivet.launcher.storage.StorageOptions;
import dev.rivet.pipeline.extract.ChunkWorker;
import dev.rivet.pipeline.finalize.FilesChangedException;
import dev.rivet.pipeline.finalize.RunPublisher;
import dev.rivet.pipeline.govern.Governor;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.Lease;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of several workers cooperating on a stored plan ({@code rivet run --plan ID --worker}):
 * claims one chunk at a time in the state store and writes it, until no chunk is left to claim;
 * then, if every chunk is written, the worker that wins the run's finalize lease publishes it,
 * once. Each chunk runs on the same {@link ChunkWorker} as in a pipeline, so a chunk is retried,
 * and read again in smaller statements on a timeout, within this worker, as in a pipeline. A chunk
 * that fails for good (a failure that is not retried, or its last attempt) fails the run with that
 * failure's kind, and is not claimed again; every worker on the run then stops and reports the kind
 * that failed the run. A worker that dies mid-chunk stops renewing its claim, and another worker
 * takes the chunk over once the claim expires. Workers take no export lease: they share the run on
 * purpose.
 */
public final class PlanWorker {
  /** The environment variable that sets a chunk claim's time to live in seconds; 60 when unset. */
  public static final String CLAIM_TTL_ENV = "RIVET_CLAIM_TTL_SECONDS";

  private static final Duration DEFAULT_CLAIM_TTL = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(PlanWorker.class);

  private final StateStore store;
  private final StateLocation stateLocation;
  private final StorageSettings storage;
  private final String worker;
  private final Duration claimTtl;
  private final ProgressSettings progressSettings;

  public PlanWorker(
      StateStore store, StateLocation stateLocation, StorageSettings storage, String worker) {
    this(store, stateLocation, storage, worker, ProgressSettings.OFF);
  }

  /**
   * @param progress how the run's progress (every worker's chunks) shows on standard error while
   *     this worker works
   */
  public PlanWorker(
      StateStore store,
      StateLocation stateLocation,
      StorageSettings storage,
      String worker,
      ProgressSettings progress) {
    this(store, stateLocation, storage, worker, claimTtl(System.getenv()), progress);
  }

  PlanWorker(
      StateStore store,
      StateLocation stateLocation,
      StorageSettings storage,
      String worker,
      Duration claimTtl) {
    this(store, stateLocation, storage, worker, claimTtl, ProgressSettings.OFF);
  }

  PlanWorker(
      StateStore store,
      StateLocation stateLocation,
      StorageSettings storage,
      String worker,
      Duration claimTtl,
      ProgressSettings progress) {
    this.store = store;
    this.stateLocation = stateLocation;
    this.storage = storage;
    this.worker = worker;
    this.claimTtl = claimTtl;
    this.progressSettings = progress;
  }

  /** What one worker did: the chunks it wrote, and whether it published the run. */
  public record Summary(
      String worker, String runId, List<Integer> chunksWritten, boolean finalized) {
    public Summary {
      chunksWritten = List.copyOf(chunksWritten);
    }
  }

  /** This process as a worker name, {@code host:pid}. */
  public static String thisProcess() {
    return ExportLease.thisProcess();
  }

  /**
   * Works on the run until no chunk is left to claim, then publishes it if this worker wins the
   * finalize lease.
   *
   * @throws RivetException when the run failed, by this worker or another: of the kind of the
   *     failure that failed it (the run is then marked FAILED with it)
   */
  public Summary work(SourceConnection source, ExportPlan plan) {
    try (LogContext.Scope log = LogContext.run(plan.export().name(), plan.runId())) {
      return workOn(source, plan);
    }
  }

  private Summary workOn(SourceConnection source, ExportPlan plan) {
    String runId = plan.runId();
    if (plan.export().destination() instanceof Destination.Stdout) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + plan.export().name()
              + "' writes to standard output, which workers cannot"
              + " share",
          "run it without --worker");
    }
    boolean usesS3 = plan.export().destination() instanceof Destination.S3;
    FileSystems.setDefaultPipelineOptions(
        StorageOptions.apply(storage, PipelineOptionsFactory.create(), usesS3));
    throwIfFailed(plan);
    List<SchemaChange> drifted = PlannedSchema.changesSincePlanned(source, plan);
    if (!drifted.isEmpty()) {
      // Failing the run stops every worker of it: no chunk of a FAILED run is claimed again.
      throw failRun(
          plan,
          PlannedSchema.stale(
              plan,
              drifted,
              "plan a new run under the new schema ('rivet plan', then start the workers on it);"
                  + " a plain 'rivet run' abandons this run and plans a new one"));
    }
    DestinationCheck.ensureWritable(plan.export().name(), plan.export().destination());
    if (status(runId) == RunStatus.PLANNED) {
      store.runStarted(runId, "worker");
    }
    List<Integer> written = new ArrayList<>();
    boolean finalized = false;
    // This worker's own governor: it probes the source and gates only this process's readers
    // (rate limits hold per worker process); it logs what it did when it closes.
    Governor governor = Governor.start(plan, source);
    try (RunProgress watching = RunProgress.watch(progressSettings, stateLocation, plan)) {
      finalized = writeAndPublish(source, plan, written);
    } finally {
      if (governor != null) {
        governor.close();
      }
    }
    LOG.info(
        "worker {} run {}: wrote {} chunk(s) {}{}",
        worker,
        runId,
        written.size(),
        written,
        finalized ? "; published the run" : "");
    return new Summary(worker, runId, written, finalized);
  }

  /**
   * Writes chunks until none is left, then publishes the run if this worker wins the finalize
   * lease; reads again, once, the chunks whose files changed before publishing.
   */
  private boolean writeAndPublish(SourceConnection source, ExportPlan plan, List<Integer> written) {
    String runId = plan.runId();
    boolean finalized;
    for (int round = 1; ; round++) {
      writeClaimableChunks(source, plan, written);
      try {
        finalized = finalizeOnce(plan);
        break;
      } catch (FilesChangedException changed) {
        if (round > 1) {
          throw failRun(plan, changed);
        }
        // The publish check marked those chunks failed: claim and read them again.
        LOG.warn(
            "worker {} run {}: files of chunk(s) {} were deleted or changed before publishing;"
                + " reading those chunks again",
            worker,
            runId,
            changed.chunks());
      }
    }
    return finalized;
  }

  /** Claims and writes chunks until every chunk of the run is written, by this or other workers. */
  private void writeClaimableChunks(
      SourceConnection source, ExportPlan plan, List<Integer> written) {
    String runId = plan.runId();
    try (ChunkWorker<List<WrittenFile>> chunks = ChunkWorker.open(plan, source, stateLocation)) {
      while (true) {
        throwIfFailed(plan);
        Optional<Integer> claimed = store.claimChunk(runId, worker, claimTtl, chunks.maxAttempts());
        if (claimed.isPresent()) {
          writeChunk(chunks, plan, claimed.get());
          written.add(claimed.get());
          continue;
        }
        Progress progress = progress(runId, chunks.maxAttempts());
        if (progress == Progress.ALL_WRITTEN) {
          break;
        }
        if (progress == Progress.STUCK) {
          throw chunkFailedForGood(plan);
        }
        // Other workers hold the rest: wait for them to finish, or for a dead one's claim to lapse.
        pause(Duration.ofMillis(Math.min(1000, Math.max(100, claimTtl.toMillis() / 4))));
      }
    }
  }

  /** Writes the claimed chunk, or fails the run with the failure that ended it. */
  private void writeChunk(ChunkWorker<List<WrittenFile>> chunks, ExportPlan plan, int index) {
    try (ChunkClaim claim = new ChunkClaim(store, plan.runId(), index, worker, claimTtl)) {
      chunks.writeClaimed(plan.chunks().get(index), attempt(plan.runId(), index));
    } catch (RuntimeException e) {
      RivetException failure = Failures.explain(e);
      LOG.warn(
          "worker {} run {} chunk {}: failed for good ({}): {}",
          worker,
          plan.runId(),
          index,
          failure.kind(),
          failure.getMessage());
      throw failRun(plan, failure);
    }
  }

  /** The attempt the claim just started: the chunk's attempts so far, this one included. */
  private int attempt(String runId, int index) {
    return store.chunks(runId).stream()
        .filter(c -> c.chunkIndex() == index)
        .mapToInt(ChunkRecord::attempts)
        .findFirst()
        .orElse(1);
  }

  /**
   * Marks the run FAILED with {@code failure}, unless another worker failed it first: the state
   * store keeps the first cause, and that failure is the one reported, by every worker alike.
   */
  private RivetException failRun(ExportPlan plan, RivetException failure) {
    try {
      store.runFailed(
          plan.runId(), failure.kind().name(), SecretMasking.mask(failure.getMessage()));
    } catch (RuntimeException stateFailure) {
      failure.addSuppressed(stateFailure);
      return failure;
    }
    RunRecord run = run(plan.runId());
    if (failure.kind().name().equals(run.errorClass())
        && SecretMasking.mask(failure.getMessage()).equals(run.errorMessage())) {
      return failure;
    }
    RivetException first = runFailure(plan, run);
    first.addSuppressed(failure);
    return first;
  }

  private void throwIfFailed(ExportPlan plan) {
    RunRecord run = run(plan.runId());
    if (run.status() == RunStatus.FAILED) {
      throw runFailure(plan, run);
    }
  }

  private RunRecord run(String runId) {
    return store
        .run(runId)
        .orElseThrow(() -> new IllegalStateException("run " + runId + " vanished from state"));
  }

  /** The failure a FAILED run is recorded with, of its stored kind. */
  private static RivetException runFailure(ExportPlan plan, RunRecord run) {
    return new RivetException(
        ChunkWorker.recordedKind(run.errorClass()),
        "export '"
            + plan.export().name()
            + "' run "
            + plan.runId()
            + " failed: "
            + run.errorMessage(),
        "see 'rivet state' for the chunks' errors; fix the cause, then finish the run with"
            + " 'rivet run --resume --plan "
            + plan.runId()
            + "'");
  }

  /** Publishes the run when this worker wins its finalize lease and it is not published yet. */
  private boolean finalizeOnce(ExportPlan plan) {
    String key = "finalize:" + plan.runId();
    Lease lease = store.acquireLease(key, worker, claimTtl);
    if (!lease.isHeldBy(worker)) {
      return false;
    }
    try {
      if (status(plan.runId()) == RunStatus.SUCCEEDED) {
        return false;
      }
      // A worker that published before may have failed the run (its quality contract): report that
      // failure instead of checking the same files again.
      throwIfFailed(plan);
      List<WrittenFile> files = RunPublisher.recordedFiles(plan, store);
      RunPublisher.publish(plan, store, files);
      return true;
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.DESTINATION,
          "export '" + plan.export().name() + "' run " + plan.runId() + ": cannot publish: " + e,
          "check that the destination is writable, then run a worker on the plan again",
          e);
    } finally {
      store.releaseLease(key, worker);
    }
  }

  private enum Progress {
    ALL_WRITTEN,
    IN_PROGRESS,
    STUCK
  }

  private Progress progress(String runId, int maxAttempts) {
    List<ChunkRecord> chunks = store.chunks(runId);
    boolean allWritten = true;
    boolean moving = false;
    for (ChunkRecord c : chunks) {
      boolean done = c.status() == ChunkStatus.WRITTEN || c.status() == ChunkStatus.PUBLISHED;
      allWritten &= done;
      moving |=
          c.status() == ChunkStatus.RUNNING
              || c.status() == ChunkStatus.PLANNED
              || (c.status() == ChunkStatus.FAILED && c.attempts() < maxAttempts);
    }
    if (allWritten) {
      return Progress.ALL_WRITTEN;
    }
    return moving ? Progress.IN_PROGRESS : Progress.STUCK;
  }

  /** Fails the run with the kind of a chunk that failed on its last attempt. */
  private RivetException chunkFailedForGood(ExportPlan plan) {
    List<ChunkRecord> failed =
        store.chunks(plan.runId()).stream().filter(c -> c.status() == ChunkStatus.FAILED).toList();
    FailureKind kind =
        failed.isEmpty()
            ? FailureKind.INTERNAL
            : ChunkWorker.recordedKind(failed.get(0).errorClass());
    RivetException failure =
        new RivetException(
            kind,
            "export '"
                + plan.export().name()
                + "' run "
                + plan.runId()
                + ": chunk(s) "
                + failed.stream().map(ChunkRecord::chunkIndex).toList()
                + " failed on their last attempt"
                + (failed.isEmpty() ? "" : ": " + failed.get(0).errorMessage()),
            "see 'rivet state' for their errors; fix the cause, then finish the run with"
                + " 'rivet run --resume --plan "
                + plan.runId()
                + "'");
    return failRun(plan, failure);
  }

  private RunStatus status(String runId) {
    return run(runId).status();
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivetException(
          FailureKind.INTERNAL, "worker interrupted", "run the worker again to go on", e);
    }
  }

  static Duration claimTtl(Map<String, String> env) {
    String text = env.get(CLAIM_TTL_ENV);
    if (text == null || text.isBlank()) {
      return DEFAULT_CLAIM_TTL;
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds >= 1 && seconds <= 86_400) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Reported below with the valid range.
    }
    throw new RivetException(
        FailureKind.USER_CONFIG,
        CLAIM_TTL_ENV + "='" + text + "' is not a whole number of seconds from 1 to 86400",
        "unset it (60 seconds) or set it to e.g. 30");
  }
}

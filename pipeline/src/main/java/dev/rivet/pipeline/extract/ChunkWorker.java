package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.govern.PacedRows;
import dev.rivet.pipeline.govern.ReadGate;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.read.ReadConnection;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.pipeline.read.SubRangeFinder;
import dev.rivet.pipeline.types.BinaryRead;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one executor of chunks, whichever path runs them (the Beam pipeline, {@code --worker}, a
 * stream to standard output): reads a chunk, writes its rows into a {@link ChunkSink} and records
 * the outcome in the state store (when there is one). A chunk that fails with a {@code
 * SOURCE_TRANSIENT} failure is read again from its start, as the export's {@link RetryPolicy}
 * allows; one whose statement ran past the source's time limit is read again from its start in
 * smaller statements, as {@link TimeoutShrink} says; any other failure ends the chunk at once.
 * Neither happens once the sink has {@linkplain ChunkSink#emitted() emitted} a row it cannot take
 * back. Every attempt is recorded as started and, when it fails, with its error. Not thread-safe:
 * one per thread.
 *
 * @param <R> what a written chunk yields, e.g. its files
 */
public final class ChunkWorker<R> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);

  private final ExportPlan plan;
  private final SourceConnection source;
  private final ChunkSink.Factory<R> sinks;
  private final RetryPolicy retryPolicy;
  private final ChunkStateRecorder recorder;
  private final ReadProtocol protocol;
  private final RunSnapshot snapshot;
  private final ReadGate gate;
  private final BooleanSupplier stopRequested;
  private final ReadConnection connections;

  private ChunkWorker(
      ExportPlan plan,
      SourceConnection source,
      ChunkSink.Factory<R> sinks,
      ChunkStateRecorder recorder,
      RunSnapshot snapshot,
      BooleanSupplier stopRequested,
      ReadConnection connections) {
    this.connections = connections;
    this.plan = plan;
    this.stopRequested = stopRequested;
    this.snapshot = snapshot;
    this.source = source;
    this.sinks = sinks;
    this.retryPolicy = RetryPolicy.of(plan.export().retry());
    this.recorder = recorder;
    this.protocol = plan.export().readProtocol();
    this.gate = ReadGate.of(plan);
  }

  /**
   * A worker writing each chunk into its own files (see {@link ChunkOutput}: in-progress names, a
   * failed chunk leaves no final file), recording into the state store at {@code state}, or into
   * none when it is null.
   */
  public static ChunkWorker<List<WrittenFile>> open(
      ExportPlan plan, SourceConnection source, StateLocation state) {
    return open(plan, source, state, null);
  }

  /**
   * As {@link #open(ExportPlan, SourceConnection, StateLocation)}, checking {@code fence} (when not
   * null) before each chunk is started, completed and recorded.
   */
  public static ChunkWorker<List<WrittenFile>> open(
      ExportPlan plan, SourceConnection source, StateLocation state, LeaseFence fence) {
    return open(plan, source, state, fence, ChunkOutput.files(plan));
  }

  /**
   * As {@link #open(ExportPlan, SourceConnection, StateLocation, LeaseFence)}, every chunk reading
   * the run's shared {@code snapshot} when it is not null.
   */
  public static ChunkWorker<List<WrittenFile>> open(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      RunSnapshot snapshot) {
    return open(plan, source, state, fence, ChunkOutput.files(plan), snapshot);
  }

  /** A worker writing each attempt at a chunk into a sink from {@code sinks}. */
  public static <R> ChunkWorker<R> open(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      ChunkSink.Factory<R> sinks) {
    return open(plan, source, state, fence, sinks, null);
  }

  /**
   * As {@link #open(ExportPlan, SourceConnection, StateLocation, LeaseFence, ChunkSink.Factory)},
   * every chunk (and every retry of one) reading the run's shared {@code snapshot} when it is not
   * null.
   */
  public static <R> ChunkWorker<R> open(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      ChunkSink.Factory<R> sinks,
      RunSnapshot snapshot) {
    return new ChunkWorker<>(
        plan,
        source,
        sinks,
        ChunkStateRecorder.open(state, plan.runId(), source, fence),
        snapshot,
        () -> false,
        null);
  }

  /**
   * As {@link #open(ExportPlan, SourceConnection, StateLocation, LeaseFence, RunSnapshot)}, giving
   * up the chunk it is writing as soon as {@code stopRequested} says so (checked before each
   * attempt and before each row is written): the attempt fails with {@link Stopped}, is recorded as
   * failed and is not retried, and its files are deleted. How the chunks read side by side in one
   * process stop when one of them failed. The worker keeps its source connection from one chunk to
   * the next (see {@link ReadConnection}) until it is closed.
   */
  public static ChunkWorker<List<WrittenFile>> open(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      RunSnapshot snapshot,
      BooleanSupplier stopRequested) {
    return new ChunkWorker<>(
        plan,
        source,
        ChunkOutput.files(plan),
        ChunkStateRecorder.open(state, plan.runId(), source, fence),
        snapshot,
        stopRequested,
        ReadConnection.to(source));
  }

  /** How a worker gives up a chunk because it was asked to stop: never retried. */
  public static final class Stopped extends RivetException {
    private static final long serialVersionUID = 1L;

    Stopped(String message) {
      super(FailureKind.INTERNAL, message, "see the failure that stopped it");
    }
  }

  /**
   * The failure kind an error class recorded in state by a chunk worker (or a run's failure) stands
   * for: a failure kind's name, or the class of an attempt that timed out and was read again in
   * smaller statements (transient); anything else, an exception's class, is internal.
   */
  public static FailureKind recordedKind(String errorClass) {
    if (TimeoutShrink.ERROR_CLASS.equals(errorClass)) {
      return FailureKind.SOURCE_TRANSIENT;
    }
    for (FailureKind kind : FailureKind.values()) {
      if (kind.name().equals(errorClass)) {
        return kind;
      }
    }
    return FailureKind.INTERNAL;
  }

  /** How many times a chunk is attempted at most, its first attempt included. */
  public int maxAttempts() {
    return retryPolicy.maxAttempts();
  }

  /**
   * Writes the chunk, retrying as the export allows; records each attempt as started.
   *
   * @return what the chunk's sink wrote, complete
   * @throws RuntimeException the last failure, once the chunk cannot be retried any more; the chunk
   *     is then recorded FAILED with it
   */
  public R write(Chunk chunk) {
    return write(chunk, 1, false);
  }

  /**
   * Writes a chunk claimed in the state store: the claim already counted and started attempt {@code
   * attempt} (1 for a chunk never tried before), so only the retries are recorded as started, and
   * the retries left are those of the export's attempts after {@code attempt}.
   */
  public R writeClaimed(Chunk chunk, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
    return write(chunk, attempt, true);
  }

  @Override
  public void close() {
    try {
      recorder.close();
    } finally {
      if (connections != null) {
        connections.close();
      }
    }
  }

  private R write(Chunk chunk, int firstAttempt, boolean claimed) {
    // On a runner's worker thread too: every line logged for the chunk names it.
    try (LogContext.Scope log =
        LogContext.chunk(plan.export().name(), plan.runId(), chunk.index())) {
      return writeWithRetries(chunk, firstAttempt, claimed);
    }
  }

  private R writeWithRetries(Chunk chunk, int firstAttempt, boolean claimed) {
    boolean startRecorded = claimed;
    int pieces = 1;
    int failures = firstAttempt - 1;
    RuntimeException lastTimeout = null;
    while (true) {
      if (!startRecorded) {
        recorder.started(chunk.index());
      }
      startRecorded = false;
      List<Chunk> ranges = List.of(chunk);
      ChunkSink<R> sink = null;
      try {
        if (pieces > 1) {
          ranges = SubRangeFinder.find(source, plan, chunk, pieces);
          if (ranges.size() == 1) {
            throw TimeoutShrink.cannotShrink(
                plan, chunk, "it holds at most one key value", lastTimeout);
          }
        }
        sink = sinks.open(chunk);
        R written = attempt(chunk, ranges, sink);
        pauseAfterChunk();
        return written;
      } catch (RuntimeException e) {
        if (e instanceof LeaseFence.LeaseLostException) {
          throw e; // Nothing more is written or recorded by a process that lost its lease.
        }
        if (sink != null && sink.emitted()) {
          // The reader already has rows of this attempt: reading the chunk again would repeat them.
          recorder.failed(chunk.index(), e);
          LOG.warn(
              "export {} chunk {}: failed after some of its rows were sent on, which cannot be"
                  + " taken back; the chunk is not read again",
              plan.export().name(),
              chunk.index());
          throw e;
        }
        if (TimeoutShrink.isTimeout(e)) {
          Optional<String> why = TimeoutShrink.whyNotSmaller(plan, chunk, pieces, ranges.size());
          if (why.isPresent()) {
            RivetException failure = TimeoutShrink.cannotShrink(plan, chunk, why.get(), e);
            recorder.failed(chunk.index(), failure);
            throw failure;
          }
          recorder.failed(chunk.index(), TimeoutShrink.ERROR_CLASS, e);
          lastTimeout = e;
          pieces = TimeoutShrink.next(pieces);
          LOG.warn(
              "export {} chunk {} {}: the source cancelled the statement at its time limit ({});"
                  + " reading the chunk again as up to {} statements over parts of its key range",
              plan.export().name(),
              chunk.index(),
              chunk.describeRange(),
              e.getMessage(),
              pieces);
          continue;
        }
        recorder.failed(chunk.index(), e);
        failures++;
        if (!(e instanceof RivetException failure) || !retryPolicy.retries(failure, failures)) {
          throw e;
        }
        Duration wait = retryPolicy.backoff(failures, ThreadLocalRandom.current());
        LOG.warn(
            "export {} chunk {}: attempt {}/{} failed ({}): {}; reading the chunk again in {} ms",
            plan.export().name(),
            chunk.index(),
            failures,
            retryPolicy.maxAttempts(),
            failure.kind(),
            failure.getMessage(),
            wait.toMillis());
        sleep(wait, failure);
      }
    }
  }

  /**
   * One attempt: the whole chunk read and written again from the start, as one statement per range.
   * A failure aborts the sink; the caller records it.
   */
  private R attempt(Chunk chunk, List<Chunk> ranges, ChunkSink<R> sink) {
    long startNanos = System.nanoTime();
    if (stopRequested.getAsBoolean()) {
      RivetException failure = stop(chunk);
      sink.abort(failure);
      throw failure;
    }
    // The run's governor and rate limits reach the read here: before it starts, and between its
    // fetch batches.
    gate.enterChunk();
    try {
      BinaryRead.Consumer rows =
          row -> {
            if (stopRequested.getAsBoolean()) {
              throw stop(chunk);
            }
            sink.writeRow(row);
          };
      PacedRows paced = new PacedRows(gate, rows, plan.export().fetchSize(), plan.columns().size());
      ChunkReader.read(source, plan, chunk, ranges, protocol, snapshot, connections, paced);
      paced.flush();
      recorder.checkFence("completing chunk " + chunk.index() + "'s files");
      R written = sink.finish();
      CrashPoint.reach("chunk-file-renamed");
      List<WrittenFile> records = sink.records(written);
      recorder.written(chunk.index(), records);
      LOG.debug(
          "export {} chunk {} {}: {} rows in {} statement(s), {} file(s), {} bytes in {} ms",
          plan.export().name(),
          chunk.index(),
          chunk.describeRange(),
          records.stream().mapToLong(WrittenFile::rows).sum(),
          ranges.size(),
          records.size(),
          records.stream().mapToLong(WrittenFile::bytes).sum(),
          (System.nanoTime() - startNanos) / 1_000_000);
      return written;
    } catch (UncheckedIOException e) {
      // The reader wraps what the sink threw while taking a row.
      RivetException failure = sink.cannotWrite(e.getCause());
      sink.abort(failure);
      throw failure;
    } catch (RuntimeException e) {
      sink.abort(e);
      throw e;
    } catch (IOException e) {
      RivetException failure = sink.cannotWrite(e);
      sink.abort(failure);
      throw failure;
    } finally {
      gate.leaveChunk();
    }
  }

  private Stopped stop(Chunk chunk) {
    return new Stopped(
        "export "
            + plan.export().name()
            + " chunk "
            + chunk.index()
            + ": stopped before it was complete, because another chunk of the run failed");
  }

  private static void sleep(Duration wait, RivetException cause) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }

  /** Spares the source: this reader waits the export's pause before it takes its next chunk. */
  private void pauseAfterChunk() {
    long millis = plan.export().pauseBetweenChunksMillis();
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.FileResult;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.read.SubRangeFinder;
import dev.rivet.state.FileRecord;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one chunk at a time, outside any pipeline: reads the chunk and streams its rows into its
 * files ({@link ChunkOutput}). Each file is written under an in-progress name and renamed to its
 * final, deterministic name only when complete; a failed chunk leaves no final file behind, and a
 * chunk written again leaves none of an earlier attempt's. A chunk that fails transiently is read
 * again from its start, as the export's {@link RetryPolicy} allows; one whose statement ran past
 * the source's time limit is read again from its start in smaller statements, as {@link
 * TimeoutShrink} says. Records every attempt in the state store (when there is one). Not
 * thread-safe: one per thread.
 */
public final class ChunkWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);

  private final ExportPlan plan;
  private final SourceConnection source;
  private final RetryPolicy retryPolicy;
  private final ChunkStateRecorder recorder;

  private ChunkWorker(ExportPlan plan, SourceConnection source, ChunkStateRecorder recorder) {
    this.plan = plan;
    this.source = source;
    this.retryPolicy = RetryPolicy.of(plan.export().retry());
    this.recorder = recorder;
  }

  /** A worker recording into the state store at {@code state}, or into none when it is null. */
  public static ChunkWorker open(ExportPlan plan, SourceConnection source, StateLocation state) {
    return new ChunkWorker(plan, source, ChunkStateRecorder.open(state, plan.runId()));
  }

  /** How many times a chunk is attempted at most, its first attempt included. */
  public int maxAttempts() {
    return retryPolicy.maxAttempts();
  }

  /**
   * Writes the chunk, retrying as the export allows; records each attempt as started.
   *
   * @return the chunk's files, in order, all complete
   * @throws RuntimeException the last failure, once the chunk cannot be retried any more
   */
  public List<FileResult> write(Chunk chunk) {
    return write(chunk, false);
  }

  /**
   * Writes a chunk this worker claimed in the state store: the claim already counted and started
   * its first attempt, so only the retries are recorded as started.
   */
  public List<FileResult> writeClaimed(Chunk chunk) {
    return write(chunk, true);
  }

  @Override
  public void close() {
    recorder.close();
  }

  private List<FileResult> write(Chunk chunk, boolean claimed) {
    boolean startRecorded = claimed;
    int pieces = 1;
    int failures = 0;
    RuntimeException lastTimeout = null;
    while (true) {
      if (!startRecorded) {
        recorder.started(chunk.index());
      }
      startRecorded = false;
      List<Chunk> ranges = List.of(chunk);
      try {
        if (pieces > 1) {
          ranges = SubRangeFinder.find(source, plan, chunk, pieces);
          if (ranges.size() == 1) {
            throw TimeoutShrink.cannotShrink(
                plan, chunk, "it holds at most one key value", lastTimeout);
          }
        }
        List<FileResult> files = attempt(chunk, ranges);
        pauseAfterChunk();
        return files;
      } catch (RuntimeException e) {
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
   * A failure leaves none of the chunk's files behind; the caller records it.
   */
  private List<FileResult> attempt(Chunk chunk, List<Chunk> ranges) {
    RunLayout layout = RunLayout.of(plan);
    long startNanos = System.nanoTime();
    ChunkOutput output = null;
    try {
      output = ChunkOutput.open(plan, layout, chunk.index());
      ChunkReader.read(source, plan, chunk, ranges, output::writeRow);
      List<FileResult> files = output.finish();
      CrashPoint.reach("chunk-file-renamed");
      recorder.written(chunk.index(), files.stream().map(ChunkWorker::record).toList());
      long rows = files.stream().mapToLong(FileResult::rows).sum();
      LOG.debug(
          "export {} chunk {} {}: {} rows in {} statement(s), {} file(s), {} bytes in {} ms",
          plan.export().name(),
          chunk.index(),
          chunk.describeRange(),
          rows,
          ranges.size(),
          files.size(),
          files.stream().mapToLong(FileResult::bytes).sum(),
          (System.nanoTime() - startNanos) / 1_000_000);
      return files;
    } catch (RuntimeException e) {
      abort(output, e);
      throw e;
    } catch (IOException e) {
      RivetException failure =
          new RivetException(
              FailureKind.DESTINATION,
              "export '"
                  + plan.export().name()
                  + "' chunk "
                  + chunk.index()
                  + ": cannot write "
                  + (output == null ? layout.dataFile(chunk.index(), 0) : output.currentFile())
                  + ": "
                  + e.getMessage(),
              "check that the destination exists, is writable and has free space",
              e);
      abort(output, failure);
      throw failure;
    }
  }

  private static FileRecord record(FileResult file) {
    return new FileRecord(
        file.runId(),
        file.chunkIndex(),
        file.fileIndex(),
        file.path(),
        file.rows(),
        file.bytes(),
        file.sha256());
  }

  private void abort(ChunkOutput output, Exception failure) {
    if (output != null) {
      output.abort(failure);
    }
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

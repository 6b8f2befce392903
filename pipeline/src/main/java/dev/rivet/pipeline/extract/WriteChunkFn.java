package dev.rivet.pipeline.extract;

import dev.rivet.pipeline.FileResult;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.planner.failure.CrashPoint;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.Chunk;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.SourceConnection;
import dev.rivet.state.FileRecord;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one chunk and streams its rows into its files inside this step, so rows never become
 * pipeline elements: one file, or several when the export rotates files ({@link ChunkOutput}). Each
 * file is written under an in-progress name and renamed to its final, deterministic name only when
 * complete; a failed chunk leaves no final file behind, and a chunk written again leaves none of an
 * earlier attempt's. A chunk that fails transiently is read again from its start, as {@link
 * RetryPolicy} allows. Outputs one element per file, all after the chunk is complete.
 */
final class WriteChunkFn extends DoFn<Chunk, FileResult> {
  private static final Logger LOG = LoggerFactory.getLogger(WriteChunkFn.class);

  private final ExportPlan plan;
  private final SourceConnection source;
  private final StateLocation state;
  private final Counter rowsWritten = Metrics.counter("rivet", "rows_written");
  private final Counter chunksWritten = Metrics.counter("rivet", "chunks_written");

  private final RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
  private transient ChunkStateRecorder recorder;

  WriteChunkFn(ExportPlan plan, SourceConnection source, StateLocation state) {
    this.plan = plan;
    this.source = source;
    this.state = state;
  }

  @Setup
  public void setup() {
    recorder = ChunkStateRecorder.open(state, plan.runId());
  }

  @Teardown
  public void teardown() {
    if (recorder != null) {
      recorder.close();
    }
  }

  @ProcessElement
  public void process(@Element Chunk chunk, OutputReceiver<FileResult> out) {
    for (int attempt = 1; ; attempt++) {
      try {
        attempt(chunk).forEach(out::output);
        return;
      } catch (RivetException e) {
        if (!retryPolicy.retries(e, attempt)) {
          throw e;
        }
        Duration wait = retryPolicy.backoff(attempt, ThreadLocalRandom.current());
        LOG.warn(
            "export {} chunk {}: attempt {}/{} failed ({}): {}; reading the chunk again in {} ms",
            plan.export().name(),
            chunk.index(),
            attempt,
            retryPolicy.maxAttempts(),
            e.kind(),
            e.getMessage(),
            wait.toMillis());
        sleep(wait, e);
      }
    }
  }

  /** One attempt: the whole chunk read and written again from the start. */
  private List<FileResult> attempt(Chunk chunk) {
    RunLayout layout = RunLayout.of(plan);
    recorder.started(chunk.index());
    long startNanos = System.nanoTime();
    ChunkOutput output = null;
    try {
      output = ChunkOutput.open(plan, layout, chunk.index());
      ChunkReader.read(source, plan, chunk, output::writeRow);
      List<FileResult> files = output.finish();
      CrashPoint.reach("chunk-file-renamed");
      recorder.written(chunk.index(), files.stream().map(WriteChunkFn::record).toList());
      long rows = files.stream().mapToLong(FileResult::rows).sum();
      rowsWritten.inc(rows);
      chunksWritten.inc();
      LOG.debug(
          "export {} chunk {} {}: {} rows, {} file(s), {} bytes in {} ms",
          plan.export().name(),
          chunk.index(),
          chunk.describeRange(),
          rows,
          files.size(),
          files.stream().mapToLong(FileResult::bytes).sum(),
          (System.nanoTime() - startNanos) / 1_000_000);
      return files;
    } catch (RuntimeException e) {
      abort(output, e);
      recorder.failed(chunk.index(), e);
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
      recorder.failed(chunk.index(), failure);
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
}

package dev.rivet.pipeline.extract;

import dev.rivet.pipeline.FileResult;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.write.ChunkFileWriter;
import dev.rivet.pipeline.write.ChunkFileWriters;
import dev.rivet.pipeline.write.WrittenFile;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.Chunk;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.SourceConnection;
import dev.rivet.state.FileRecord;
import dev.rivet.state.StateLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one chunk and streams its rows into one file inside this step, so rows never become
 * pipeline elements. The file is written under an in-progress name and renamed to its final,
 * deterministic name only when complete; a failed chunk leaves no final file behind. A chunk that
 * fails transiently is read again from its start, as {@link RetryPolicy} allows.
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
        out.output(attempt(chunk));
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
  private FileResult attempt(Chunk chunk) {
    RunLayout layout = RunLayout.of(plan);
    ResourceId temp = layout.inProgressFile(chunk.index());
    ResourceId target = layout.dataFile(chunk.index());
    recorder.started(chunk.index());
    long startNanos = System.nanoTime();
    try {
      WrittenFile written = writeChunk(chunk, temp);
      // Local rename is atomic and replaces a file left by an earlier attempt of this chunk.
      FileSystems.rename(List.of(temp), List.of(target));
      FileResult result =
          new FileResult(
              plan.runId(),
              plan.export().name(),
              chunk.index(),
              target.toString(),
              written.rows(),
              written.bytes(),
              written.sha256(),
              written.warnings());
      recorder.written(
          new FileRecord(
              plan.runId(),
              chunk.index(),
              result.path(),
              result.rows(),
              result.bytes(),
              result.sha256()));
      rowsWritten.inc(written.rows());
      chunksWritten.inc();
      LOG.debug(
          "export {} chunk {} {}: {} rows, {} bytes in {} ms",
          plan.export().name(),
          chunk.index(),
          chunk.describeRange(),
          written.rows(),
          written.bytes(),
          (System.nanoTime() - startNanos) / 1_000_000);
      return result;
    } catch (RuntimeException e) {
      deleteQuietly(temp, e);
      recorder.failed(chunk.index(), e);
      throw e;
    } catch (IOException e) {
      deleteQuietly(temp, e);
      RivetException failure =
          new RivetException(
              FailureKind.DESTINATION,
              "export '"
                  + plan.export().name()
                  + "' chunk "
                  + chunk.index()
                  + ": cannot write "
                  + target
                  + ": "
                  + e.getMessage(),
              "check that the destination exists, is writable and has free space",
              e);
      recorder.failed(chunk.index(), failure);
      throw failure;
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

  private WrittenFile writeChunk(Chunk chunk, ResourceId temp) throws IOException {
    OutputStream stream;
    try {
      stream = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.BINARY));
    } catch (IOException e) {
      throw new IOException("cannot create " + temp + " (" + e + ")", e);
    }
    try (ChunkFileWriter writer = ChunkFileWriters.open(plan, stream, temp.toString())) {
      ChunkReader.read(source, plan, chunk, writer::writeRow);
      return writer.finish();
    }
  }

  private static void deleteQuietly(ResourceId file, Exception failure) {
    try {
      FileSystems.delete(List.of(file), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }
}

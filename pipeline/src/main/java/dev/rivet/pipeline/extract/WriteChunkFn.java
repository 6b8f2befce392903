package dev.rivet.pipeline.extract;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Reads one chunk and streams its rows into its files inside this step, so rows never become
 * pipeline elements; the work, retries included, is a {@link ChunkWorker}'s. Outputs one element
 * per file, all after the chunk is complete.
 */
final class WriteChunkFn extends DoFn<Chunk, WrittenFile> {
  private final ExportPlan plan;
  private final SourceConnection source;
  private final StateLocation state;
  private final LeaseFence fence;
  private final RunSnapshot snapshot;
  private final Counter rowsWritten = Metrics.counter("rivet", "rows_written");
  private final Counter chunksWritten = Metrics.counter("rivet", "chunks_written");

  private transient ChunkWorker<List<WrittenFile>> worker;

  WriteChunkFn(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      RunSnapshot snapshot) {
    this.plan = plan;
    this.snapshot = snapshot;
    this.source = source;
    this.state = state;
    this.fence = fence;
  }

  @Setup
  public void setup() {
    worker = ChunkWorker.open(plan, source, state, fence, snapshot);
  }

  @Teardown
  public void teardown() {
    if (worker != null) {
      worker.close();
    }
  }

  @ProcessElement
  public void process(@Element Chunk chunk, OutputReceiver<WrittenFile> out) {
    List<WrittenFile> files = worker.write(chunk);
    rowsWritten.inc(files.stream().mapToLong(WrittenFile::rows).sum());
    chunksWritten.inc();
    files.forEach(out::output);
  }
}

package dev.rivet.pipeline.extract;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Reads each chunk and writes it to its own file or files; one output element per file. */
public final class WriteChunks extends PTransform<PCollection<Chunk>, PCollection<WrittenFile>> {
  private final ExportPlan plan;
  private final SourceConnection source;
  private final StateLocation state;
  private final LeaseFence fence;
  private final RunSnapshot snapshot;

  public WriteChunks(ExportPlan plan, SourceConnection source, StateLocation state) {
    this(plan, source, state, null);
  }

  /** Checks {@code fence} (when not null) before each chunk is started, completed and recorded. */
  public WriteChunks(
      ExportPlan plan, SourceConnection source, StateLocation state, LeaseFence fence) {
    this(plan, source, state, fence, null);
  }

  /** As the above, every chunk reading the run's shared {@code snapshot} when it is not null. */
  public WriteChunks(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      LeaseFence fence,
      RunSnapshot snapshot) {
    this.plan = plan;
    this.source = source;
    this.state = state;
    this.fence = fence;
    this.snapshot = snapshot;
  }

  @Override
  public PCollection<WrittenFile> expand(PCollection<Chunk> chunks) {
    return chunks
        .apply(
            "ReadAndWriteChunk", ParDo.of(new WriteChunkFn(plan, source, state, fence, snapshot)))
        .setCoder(SerializableCoder.of(WrittenFile.class));
  }
}

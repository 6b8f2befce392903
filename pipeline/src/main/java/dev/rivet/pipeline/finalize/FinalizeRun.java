package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Publishes a run once every chunk's files are written: manifest, then {@code _SUCCESS}, then the
 * state store. Runs exactly once per run, after all file results of this pipeline are complete;
 * files written by an earlier attempt of the run (a resumed run) are passed in and published with
 * them. Its output is every file of the published run, emitted only after the run is published, so
 * a step applied to it never sees a file of an unpublished run.
 */
public final class FinalizeRun
    extends PTransform<PCollection<WrittenFile>, PCollection<WrittenFile>> {
  private final ExportPlan plan;
  private final StateLocation state;
  private final List<WrittenFile> writtenEarlier;
  private final LeaseFence fence;

  public FinalizeRun(ExportPlan plan, StateLocation state) {
    this(plan, state, List.of(), null);
  }

  /**
   * @param fence checked before publishing, when not null: a process that lost the export's lease
   *     publishes nothing
   */
  public FinalizeRun(
      ExportPlan plan, StateLocation state, List<WrittenFile> writtenEarlier, LeaseFence fence) {
    this.plan = plan;
    this.state = state;
    this.writtenEarlier = List.copyOf(writtenEarlier);
    this.fence = fence;
  }

  @Override
  public PCollection<WrittenFile> expand(PCollection<WrittenFile> files) {
    // A side input is complete only when every file result exists; a singleton main input makes
    // the finalizer run exactly once, even when this pipeline wrote no file (all were written
    // before a resume).
    PCollectionView<List<WrittenFile>> all = files.apply("GatherFiles", View.asList());
    return files
        .getPipeline()
        .apply("RunId", Create.of(plan.runId()).withCoder(StringUtf8Coder.of()))
        .apply(
            "PublishRun",
            ParDo.of(new FinalizeRunFn(plan, state, writtenEarlier, fence, all))
                .withSideInputs(all))
        .setCoder(SerializableCoder.of(WrittenFile.class));
  }
}

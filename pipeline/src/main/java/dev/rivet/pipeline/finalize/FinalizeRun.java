package dev.rivet.pipeline.finalize;

import dev.rivet.pipeline.FileResult;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.state.StateLocation;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Gathers all file results of a run into one element and publishes the run: manifest, then {@code
 * _SUCCESS}, then the state store. Runs once per run, after every chunk is written.
 */
public final class FinalizeRun extends PTransform<PCollection<FileResult>, PCollection<Manifest>> {
  private final ExportPlan plan;
  private final StateLocation state;

  public FinalizeRun(ExportPlan plan, StateLocation state) {
    this.plan = plan;
    this.state = state;
  }

  @Override
  public PCollection<Manifest> expand(PCollection<FileResult> files) {
    // One key for the whole run: the finalizer sees every file result at once, exactly once.
    PCollection<KV<String, Iterable<FileResult>>> all =
        files
            .apply("KeyByRun", WithKeys.of(plan.runId()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(FileResult.class)))
            .apply("GatherFiles", GroupByKey.create());
    return all.apply("PublishRun", ParDo.of(new FinalizeRunFn(plan, state)))
        .setCoder(SerializableCoder.of(Manifest.class));
  }
}

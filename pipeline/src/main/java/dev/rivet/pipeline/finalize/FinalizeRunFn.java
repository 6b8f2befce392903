package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Publishes a run once every chunk's files exist, with a {@link RunPublisher}: the files this
 * pipeline wrote (a side input, complete only when all are) and those an earlier attempt wrote.
 * Outputs every published file, and only once the run is published.
 */
final class FinalizeRunFn extends DoFn<String, WrittenFile> {
  private final ExportPlan plan;
  private final StateLocation state;
  private final List<WrittenFile> writtenEarlier;
  private final LeaseFence fence;
  private final PCollectionView<List<WrittenFile>> writtenNow;

  FinalizeRunFn(
      ExportPlan plan,
      StateLocation state,
      List<WrittenFile> writtenEarlier,
      LeaseFence fence,
      PCollectionView<List<WrittenFile>> writtenNow) {
    this.plan = plan;
    this.state = state;
    this.writtenEarlier = writtenEarlier;
    this.fence = fence;
    this.writtenNow = writtenNow;
  }

  @ProcessElement
  public void process(ProcessContext context) throws IOException {
    List<WrittenFile> files = new ArrayList<>(writtenEarlier);
    files.addAll(context.sideInput(writtenNow));
    CrashPoint.reach("chunks-written");
    try (StateStore store = state == null ? null : StateStores.reopen(state)) {
      if (store != null && fence != null) {
        fence.check(store, "publishing run " + plan.runId());
      }
      RunPublisher.publish(plan, store, files);
    }
    // Only now, with manifest.json and _SUCCESS in place, may a downstream step see the files.
    for (WrittenFile file : files) {
      context.output(file);
    }
  }
}

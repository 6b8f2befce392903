package dev.rivet.pipeline;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.extract.WriteChunks;
import dev.rivet.pipeline.finalize.FinalizeRun;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The whole extract of one planned export: every chunk read and written to its own file (or files,
 * when the export rotates files), then the run published with {@code manifest.json} and {@code
 * _SUCCESS}. The output is every file of the published run (with a resumed run, also those an
 * earlier attempt wrote), emitted only after {@code _SUCCESS} exists, so steps applied to it see a
 * published run. The pipeline's elements are chunk specs and file results, never rows, so it is
 * fast and memory-flat on every runner.
 *
 * <p>Idempotent per run: a chunk written again replaces all of its files. With a {@link
 * StateLocation}, chunk progress and the published files are recorded in Rivet's state store;
 * without one (a Beam user embedding the transform) nothing is recorded.
 *
 * <pre>{@code
 * ExportPlan plan = new Planner(Clock.systemUTC()).plan(source, export, runId);
 * PCollection<WrittenFile> files = pipeline.apply(RivetExtract.of(plan, source));
 * }</pre>
 */
public final class RivetExtract extends PTransform<PBegin, PCollection<WrittenFile>> {
  private final ExportPlan plan;
  private final SourceConnection source;
  private final StateLocation state;
  private final List<WrittenFile> writtenEarlier;
  private final LeaseFence fence;
  private final RunSnapshot snapshot;

  private RivetExtract(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      List<WrittenFile> writtenEarlier,
      LeaseFence fence,
      RunSnapshot snapshot) {
    this.snapshot = snapshot;
    this.plan = Objects.requireNonNull(plan, "plan");
    this.source = Objects.requireNonNull(source, "source");
    this.state = state;
    this.writtenEarlier = List.copyOf(writtenEarlier);
    this.fence = fence;
  }

  public static RivetExtract of(ExportPlan plan, SourceConnection source) {
    return new RivetExtract(plan, source, null, List.of(), null, null);
  }

  /** Also records chunk progress and published files in the given state store. */
  public RivetExtract withState(StateLocation state) {
    return new RivetExtract(
        plan, source, Objects.requireNonNull(state, "state"), writtenEarlier, fence, snapshot);
  }

  /**
   * Writes only while this process holds the export's lease with {@code fence}'s token: checked in
   * the state store before each chunk is started, completed and recorded, and before the run is
   * published. A process that lost the lease stops with a {@link LeaseFence.LeaseLostException}.
   */
  public RivetExtract fencedBy(LeaseFence fence) {
    return new RivetExtract(
        plan, source, state, writtenEarlier, Objects.requireNonNull(fence, "fence"), snapshot);
  }

  /**
   * Resumes the run: the chunks of {@code files} were written by an earlier attempt and are not
   * read again; they are published together with the chunks read now. {@code files} must hold every
   * file of each of those chunks.
   */
  public RivetExtract resuming(List<WrittenFile> files) {
    for (WrittenFile file : files) {
      if (!file.runId().equals(plan.runId())) {
        throw new IllegalArgumentException(
            "file " + file.path() + " belongs to run " + file.runId() + ", not " + plan.runId());
      }
    }
    return new RivetExtract(plan, source, state, files, fence, snapshot);
  }

  /**
   * Reads every chunk (and every retry of one) in the run's shared {@code snapshot}, which a {@link
   * dev.rivet.pipeline.read.SnapshotCoordinator} holds open until the pipeline ends.
   */
  public RivetExtract readingSnapshot(RunSnapshot snapshot) {
    return new RivetExtract(
        plan, source, state, writtenEarlier, fence, Objects.requireNonNull(snapshot, "snapshot"));
  }

  /** The shared snapshot the chunks read, or null when each chunk reads its own. */
  public RunSnapshot snapshot() {
    return snapshot;
  }

  /** The chunks this transform reads: all of the plan's, minus those written earlier. */
  public List<Chunk> chunksToRead() {
    Set<Integer> written =
        writtenEarlier.stream().map(WrittenFile::chunkIndex).collect(Collectors.toSet());
    return plan.chunks().stream().filter(c -> !written.contains(c.index())).toList();
  }

  @Override
  public PCollection<WrittenFile> expand(PBegin input) {
    PCollection<WrittenFile> files =
        input
            .apply(
                "PlanChunks",
                Create.of(chunksToRead()).withCoder(SerializableCoder.of(Chunk.class)))
            // Spreads chunks over workers; without it a runner may read them all in one bundle.
            .apply("SpreadChunks", Reshuffle.viaRandomKey())
            .apply("WriteChunks", new WriteChunks(plan, source, state, fence, snapshot));
    // The published files, not WriteChunks' output: a step applied to this transform's output
    // must not run before manifest.json and _SUCCESS exist.
    return files.apply("FinalizeRun", new FinalizeRun(plan, state, writtenEarlier, fence));
  }
}

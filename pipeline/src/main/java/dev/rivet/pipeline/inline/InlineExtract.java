package dev.rivet.pipeline.inline;

import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.extract.ChunkWorker;
import dev.rivet.pipeline.finalize.RunPublisher;
import dev.rivet.pipeline.read.RunSnapshot;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs an extract in this process without building a Beam pipeline: the chunks are read by up to
 * {@link #readers} threads at once (see {@link ChunkPool}), each with its own {@link ChunkWorker},
 * the same executor a pipeline's {@code WriteChunks} step uses (same files, retries, state records
 * and lease checks); then, once every chunk is written, the run is published by the same {@link
 * RunPublisher} as the pipeline's {@code FinalizeRun} step. A run's files, {@code manifest.json},
 * {@code _SUCCESS} and state are therefore those of the pipeline; what is saved is the pipeline's
 * construction, Beam's class loading and the DirectRunner's scheduling. A chunk that fails stops
 * the others and fails the run with its own failure, before anything is published.
 */
public final class InlineExtract {
  private InlineExtract() {}

  /**
   * How many chunks a run of {@code plan} reads at once when it reads {@code chunksToRead}: its
   * parallelism, but never more than there are chunks (at least 1).
   */
  public static int readers(ExportPlan plan, List<Chunk> chunksToRead) {
    return Math.max(1, Math.min(plan.parallelism(), chunksToRead.size()));
  }

  /**
   * Writes {@code chunksToRead} and publishes the run with them and {@code writtenEarlier} (the
   * files of chunks an earlier attempt of the run wrote).
   *
   * @param state where chunk progress and the published run are recorded; null: nowhere
   * @param fence checked before each chunk is started, completed and recorded and before
   *     publishing, when not null
   * @return every file of the published run
   */
  public static List<WrittenFile> run(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      List<Chunk> chunksToRead,
      List<WrittenFile> writtenEarlier,
      LeaseFence fence) {
    return run(plan, source, state, chunksToRead, writtenEarlier, fence, null);
  }

  /**
   * As {@link #run(ExportPlan, SourceConnection, StateLocation, List, List, LeaseFence)}, each
   * chunk reading the run's shared {@code snapshot} when it is not null.
   *
   * @throws RuntimeException the failure of the first chunk that failed (as its worker threw it);
   *     nothing of the run is then published
   */
  public static List<WrittenFile> run(
      ExportPlan plan,
      SourceConnection source,
      StateLocation state,
      List<Chunk> chunksToRead,
      List<WrittenFile> writtenEarlier,
      LeaseFence fence,
      RunSnapshot snapshot) {
    Objects.requireNonNull(plan, "plan");
    List<WrittenFile> files = new ArrayList<>(writtenEarlier);
    if (!chunksToRead.isEmpty()) {
      ChunkPool pool =
          new ChunkPool(plan.export().name(), readers(plan, chunksToRead), chunksToRead);
      files.addAll(pool.run(stop -> ChunkWorker.open(plan, source, state, fence, snapshot, stop)));
    }
    CrashPoint.reach("chunks-written");
    try (StateStore store = state == null ? null : StateStores.reopen(state)) {
      if (store != null && fence != null) {
        fence.check(store, "publishing run " + plan.runId());
      }
      RunPublisher.publish(plan, store, files);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "publishing run " + plan.runId() + " of export " + plan.export().name() + " failed", e);
    }
    return List.copyOf(files);
  }
}

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
 * Runs a small extract in the calling thread, without building a Beam pipeline: the chunks are
 * written one after another by the same {@link ChunkWorker} a pipeline's {@code WriteChunks} step
 * uses (same files, retries, state records and lease checks), then the run is published by the same
 * {@link RunPublisher} as the pipeline's {@code FinalizeRun} step, once every chunk is written. A
 * run's files, {@code manifest.json}, {@code _SUCCESS} and state are therefore those of the
 * pipeline; only the pipeline's start-up and scheduling cost is saved, which is most of the time of
 * a run that reads one small chunk. It reads chunks one at a time, so it suits only plans whose
 * chunks would not run in parallel anyway: see {@link #suits}.
 */
public final class InlineExtract {
  /** The most chunks a run may read to be run inline: with one, parallelism has nothing to do. */
  public static final int MAX_CHUNKS = 1;

  private InlineExtract() {}

  /** Whether reading {@code chunksToRead} inline costs nothing a pipeline would save. */
  public static boolean suits(List<Chunk> chunksToRead) {
    return chunksToRead.size() <= MAX_CHUNKS;
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
      try (ChunkWorker<List<WrittenFile>> worker =
          ChunkWorker.open(plan, source, state, fence, snapshot)) {
        for (Chunk chunk : chunksToRead) {
          files.addAll(worker.write(chunk));
        }
      }
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

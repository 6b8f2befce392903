package dev.rivet.pipeline.extract;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.secret.Redaction;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.util.Collections;
import java.util.List;

/**
 * Records chunk progress in the state store, or does nothing when the pipeline runs without one (a
 * Beam user embedding the transform without Rivet's state).
 */
final class ChunkStateRecorder implements AutoCloseable {
  private final StateStore store;
  private final String runId;
  private final Redaction redaction;
  private final LeaseFence fence;

  private ChunkStateRecorder(
      StateStore store, String runId, Redaction redaction, LeaseFence fence) {
    this.store = store;
    this.runId = runId;
    this.redaction = redaction;
    this.fence = fence;
  }

  /**
   * @param source whose password is masked in every failure message recorded
   */
  static ChunkStateRecorder open(
      StateLocation location, String runId, SourceConnection source, LeaseFence fence) {
    return new ChunkStateRecorder(
        location == null ? null : StateStores.reopen(location),
        runId,
        Redaction.of(Collections.singletonList(source.password())),
        fence);
  }

  /**
   * Returns when this process may still write: it holds the export's lease with its token (or runs
   * without a lease: no state store, a worker, an embedded pipeline).
   *
   * @throws LeaseFence.LeaseLostException when another process took the export over
   */
  void checkFence(String doing) {
    if (store != null && fence != null) {
      fence.check(store, doing);
    }
  }

  void started(int chunk) {
    checkFence("starting chunk " + chunk);
    if (store != null) {
      store.chunkStarted(runId, chunk);
    }
  }

  void written(int chunk, List<WrittenFile> files) {
    checkFence("recording chunk " + chunk + " as written");
    if (store != null) {
      store.chunkWritten(runId, chunk, files);
    }
  }

  /** Records the failure under its kind ({@code SOURCE_TRANSIENT}) or exception class. */
  void failed(int chunk, Exception e) {
    failed(
        chunk, e instanceof RivetException r ? r.kind().name() : e.getClass().getSimpleName(), e);
  }

  void failed(int chunk, String errorClass, Exception e) {
    if (store == null || e instanceof LeaseFence.LeaseLostException) {
      // A process that lost its lease records nothing: the export is another process's now.
      return;
    }
    try {
      store.chunkFailed(runId, chunk, errorClass, redaction.apply(String.valueOf(e.getMessage())));
    } catch (RuntimeException stateFailure) {
      e.addSuppressed(stateFailure);
    }
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}

package dev.rivet.launcher.run;

import dev.rivet.state.StateStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's claim on one chunk while it writes it: renewed by a daemon thread every third of its
 * time to live, no longer renewed once closed (the chunk's WRITTEN record itself ends the claim).
 */
final class ChunkClaim implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkClaim.class);

  private final StateStore store;
  private final String runId;
  private final int chunkIndex;
  private final String worker;
  private final Duration ttl;
  private final ScheduledExecutorService renewer;

  ChunkClaim(StateStore store, String runId, int chunkIndex, String worker, Duration ttl) {
    this.store = store;
    this.runId = runId;
    this.chunkIndex = chunkIndex;
    this.worker = worker;
    this.ttl = ttl;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "rivet-claim-" + chunkIndex);
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, ttl.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    try {
      if (!store.renewChunkClaim(runId, chunkIndex, worker, ttl)) {
        // Also seen once the chunk is written, which ends the claim before this thread stops.
        LOG.debug(
            "run {} chunk {}: worker {} no longer holds its claim (it expired and another worker took the"
                + " chunk); both write the same files",
            runId,
            chunkIndex,
            worker);
      }
    } catch (RuntimeException e) {
      LOG.warn("run {} chunk {}: cannot renew the claim: {}", runId, chunkIndex, e.getMessage());
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }
}

package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import java.util.List;

/**
 * The cost of {@code consistency: snapshot}: the snapshot is held for the whole run, which is
 * estimated from the rows to read at the conservative per-connection rate of {@link ChunkTime},
 * spread over the readers, plus each reader's pauses between chunks. INFO on a primary (the user
 * chose the setting); WARN on a replica, where replay conflicts can cancel the snapshot.
 */
final class SnapshotFindings {
  private SnapshotFindings() {}

  static List<Finding> of(Evidence evidence) {
    ExportPlan plan = evidence.plan();
    if (plan.export().consistency() != Consistency.SNAPSHOT) {
      return List.of();
    }
    int chunks = evidence.chunks();
    int readers = Math.max(1, Math.min(plan.parallelism(), chunks));
    long rows = Math.max(0, plan.estimatedRows());
    long rounds = (chunks + readers - 1) / readers;
    double seconds =
        (double) rows / ((double) ChunkTime.DELIVERED_ROWS_PER_SECOND * readers)
            + rounds * plan.export().pauseBetweenChunksMillis() / 1000.0;
    boolean replica = Boolean.TRUE.equals(evidence.source().replica());
    return List.of(
        Finding.of(FindingCode.SNAPSHOT_HELD, replica ? Severity.WARN : Severity.INFO)
            .with(FindingParam.ESTIMATED_SECONDS, seconds)
            .with(FindingParam.CHUNKS, chunks)
            .with(FindingParam.PARALLELISM, plan.parallelism())
            .with(FindingParam.ON_REPLICA, replica));
  }
}

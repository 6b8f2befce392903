package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.planner.tuning.ConnectionLimit;
import dev.rivet.planner.tuning.FreeConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Findings about the source's limits: connections, statement time, replication lag. */
final class SourceLimitFindings {
  /** A replica further behind than this serves noticeably old data. */
  static final double LAGGING_REPLICA_SECONDS = 300;

  private SourceLimitFindings() {}

  static List<Finding> of(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    connections(evidence, findings);
    statementTime(evidence, findings);
    replicaLag(evidence, findings);
    return findings;
  }

  private static void connections(Evidence evidence, List<Finding> findings) {
    FreeConnections free = evidence.source().connections();
    int configured = evidence.plan().export().parallelism();
    Optional<ConnectionLimit> tightest = free.tightest();
    if (tightest.isEmpty()) {
      findings.add(
          Finding.of(FindingCode.CONNECTIONS_UNKNOWN, Severity.INFO)
              .with(FindingParam.REASON, free.unknownReason())
              .with(FindingParam.PARALLELISM, configured));
      return;
    }
    ConnectionLimit limit = tightest.get();
    long spare = Math.max(1, limit.free() - 1);
    Severity severity;
    boolean auto = evidence.plan().export().governor().autoParallelism();
    if (auto && limit.free() > 0) {
      // parallelism: auto is meant to be capped by the free connections: nothing to fix.
      return;
    }
    if (configured > limit.allowed() || limit.free() == 0) {
      // The source can never serve that many chunk reads at once, or not even one now.
      severity = Severity.CRITICAL;
    } else if (Math.min(configured, evidence.chunks()) > spare) {
      // The run would be capped below what was configured.
      severity = Severity.WARN;
    } else {
      return;
    }
    findings.add(
        Finding.of(FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS, severity)
            .with(FindingParam.PARALLELISM, configured)
            .with(FindingParam.LIMIT_NAME, limit.name())
            .with(FindingParam.LIMIT_ALLOWED, limit.allowed())
            .with(FindingParam.LIMIT_OPEN, limit.open())
            .with(FindingParam.CAPPED_PARALLELISM, evidence.plan().parallelism())
            .with(FindingParam.SUGGESTED_PARALLELISM, spare));
  }

  private static void statementTime(Evidence evidence, List<Finding> findings) {
    TimeLimit limit = evidence.source().timeLimit();
    if (!limit.limited()) {
      return;
    }
    ExportSpec export = evidence.plan().export();
    long tableRows = evidence.source().estimatedRows();
    ChunkTime worst = null;
    Integer worstChunk = null;
    long rowsPerChunk = evidence.rowsPerChunk();
    boolean anyScan = false;
    for (ChunkExplain explain : evidence.explains()) {
      long rows = explain.estimatedRows() >= 0 ? explain.estimatedRows() : rowsPerChunk;
      boolean scan = explain.fullScan() && evidence.bounded(explain.chunk());
      anyScan |= scan;
      if (rows < 0) {
        continue;
      }
      ChunkTime time =
          ChunkTime.estimate(limit.perFetch(), export.fetchSize(), rows, scan, tableRows);
      if (worst == null || time.seconds() > worst.seconds()) {
        worst = time;
        worstChunk = explain.chunk();
      }
    }
    if (rowsPerChunk >= 0) {
      ChunkTime average =
          ChunkTime.estimate(
              limit.perFetch(), export.fetchSize(), rowsPerChunk, anyScan, tableRows);
      if (worst == null || average.seconds() > worst.seconds()) {
        worst = average;
        worstChunk = null;
      }
    }
    if (worst == null) {
      return;
    }
    double limitSeconds = limit.millis() / 1000.0;
    Severity severity;
    if (worst.seconds() >= limitSeconds) {
      severity = Severity.CRITICAL;
    } else if (worst.seconds() >= limitSeconds / 2) {
      severity = Severity.WARN;
    } else {
      return;
    }
    Finding finding =
        Finding.of(FindingCode.CHUNK_EXCEEDS_STATEMENT_TIMEOUT, severity)
            .with(FindingParam.ESTIMATED_SECONDS, worst.seconds())
            .with(FindingParam.PER_FETCH, limit.perFetch())
            .with(FindingParam.DELIVERED_ROWS, worst.deliveredRows())
            .with(FindingParam.DELIVERED_ROWS_PER_SECOND, ChunkTime.DELIVERED_ROWS_PER_SECOND)
            .with(FindingParam.FULL_SCAN_ROWS, worst.scannedRows())
            .with(FindingParam.SCANNED_ROWS_PER_SECOND, ChunkTime.SCANNED_ROWS_PER_SECOND)
            .with(FindingParam.SETTING, limit.setting())
            .with(FindingParam.LIMIT_MILLIS, limit.millis())
            .with(FindingParam.FULL_SCAN, anyScan)
            .with(
                FindingParam.BUDGET_ROWS,
                Math.max(1, (long) (limitSeconds / 2 * ChunkTime.DELIVERED_ROWS_PER_SECOND)));
    finding =
        worstChunk != null
            ? finding.with(FindingParam.CHUNK, worstChunk)
            : finding.with(FindingParam.AVERAGE_CHUNK_ROWS, rowsPerChunk);
    KeyIndex key = evidence.keyIndex();
    if (anyScan && key != null && !key.indexed()) {
      finding = finding.with(FindingParam.CREATE_INDEX, key.createIndex());
    }
    findings.add(finding);
  }

  private static void replicaLag(Evidence evidence, List<Finding> findings) {
    Double lag = evidence.source().replicaLagSeconds();
    if (lag != null && lag > LAGGING_REPLICA_SECONDS) {
      findings.add(
          Finding.of(FindingCode.REPLICA_LAG, Severity.WARN).with(FindingParam.LAG_SECONDS, lag));
    }
  }
}

package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyStats;
import dev.rivet.planner.split.KeyWalk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings about how chunk queries reach the table: indexes, full scans, key density, stats. */
final class ScanFindings {
  /** A split export whose chunks each scan the table is UNSAFE from this many chunks... */
  static final int UNSAFE_SCAN_CHUNKS = 10;

  /** ...when the scans add up to at least this many rows. */
  static final long UNSAFE_SCANNED_ROWS = 10_000_000;

  private ScanFindings() {}

  static List<Finding> of(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    missingIndex(evidence, findings);
    seqScanPerChunk(evidence, findings);
    sparseKey(evidence, findings);
    noStatistics(evidence, findings);
    for (ChunkExplain explain : evidence.explains()) {
      if (explain.unavailableReason() != null) {
        findings.add(
            Finding.of(FindingCode.EXPLAIN_UNAVAILABLE, Severity.INFO)
                .with(FindingParam.CHUNK, explain.chunk())
                .with(FindingParam.REASON, explain.unavailableReason()));
      }
    }
    return findings;
  }

  private static void missingIndex(Evidence evidence, List<Finding> findings) {
    KeyIndex key = evidence.keyIndex();
    if (key != null && !key.indexed()) {
      findings.add(
          Finding.of(FindingCode.MISSING_INDEX, Severity.WARN)
              .with(FindingParam.TABLE, evidence.tableName())
              .with(FindingParam.KEY_ROLE, key.role())
              .with(FindingParam.KEY, key.column())
              .with(FindingParam.CHUNKS, evidence.chunks())
              .with(FindingParam.CREATE_INDEX, key.createIndex()));
    }
    if (evidence.splitKeyMissing()
        && evidence.plan().export().mode() instanceof FullMode
        && evidence.source().estimatedRows() > evidence.plan().export().chunkRows()) {
      Finding finding =
          Finding.of(FindingCode.MISSING_INDEX, Severity.WARN)
              .with(FindingParam.TABLE, evidence.tableName())
              .with(FindingParam.ESTIMATED_ROWS, evidence.source().estimatedRows());
      for (PlanNote note : evidence.plan().notes()) {
        if (note.code() == NoteCode.UNCHUNKED_TABLE) {
          finding = finding.with(FindingParam.REASON, note.params().get("reason"));
        }
      }
      findings.add(finding);
    }
  }

  private static void seqScanPerChunk(Evidence evidence, List<Finding> findings) {
    if (evidence.chunks() < 2) {
      return;
    }
    List<Integer> scans =
        evidence.explains().stream()
            .filter(e -> e.fullScan() && evidence.bounded(e.chunk()))
            .map(ChunkExplain::chunk)
            .toList();
    if (scans.isEmpty()) {
      return;
    }
    long tableRows = evidence.source().estimatedRows();
    int chunks = evidence.chunks();
    long scanned = tableRows < 0 ? -1 : saturatingTimes(tableRows, chunks);
    boolean unsafe = chunks >= UNSAFE_SCAN_CHUNKS && scanned >= UNSAFE_SCANNED_ROWS;
    Finding finding =
        Finding.of(FindingCode.SEQ_SCAN_PER_CHUNK, unsafe ? Severity.CRITICAL : Severity.WARN)
            .with(FindingParam.FULL_SCAN_CHUNKS, scans)
            .with(FindingParam.CHUNKS, chunks);
    if (evidence.tableName() != null) {
      finding = finding.with(FindingParam.TABLE, evidence.tableName());
    }
    if (tableRows >= 0) {
      finding =
          finding
              .with(FindingParam.ESTIMATED_ROWS, tableRows)
              .with(FindingParam.SCANNED_ROWS, scanned);
    }
    KeyIndex key = evidence.keyIndex();
    if (key != null && !key.indexed()) {
      finding = finding.with(FindingParam.CREATE_INDEX, key.createIndex());
    }
    if (evidence.analyzeStatement() != null) {
      finding = finding.with(FindingParam.ANALYZE, evidence.analyzeStatement());
    }
    findings.add(finding);
  }

  private static void sparseKey(Evidence evidence, List<Finding> findings) {
    KeyStats stats = evidence.keyStats();
    if (stats == null || !KeyWalk.isSparse(stats)) {
      return;
    }
    double width = (double) stats.max() - (double) stats.min() + 1;
    boolean walked = evidence.chunks() <= KeyWalk.MAX_WALK_CHUNKS;
    Finding finding =
        Finding.of(FindingCode.SPARSE_KEY, walked ? Severity.INFO : Severity.WARN)
            .with(FindingParam.KEY, evidence.plan().splitKey().column())
            .with(FindingParam.ROWS_PER_KEY_VALUE, stats.estimatedRows() / width)
            .with(FindingParam.KEY_MIN, KeyAxis.format(stats.type(), stats.min()))
            .with(FindingParam.KEY_MAX, KeyAxis.format(stats.type(), stats.max()))
            .with(FindingParam.CHUNKS, evidence.chunks())
            .with(FindingParam.WALK_MAX_CHUNKS, KeyWalk.MAX_WALK_CHUNKS);
    if (walked) {
      findings.add(finding);
      return;
    }
    long minChunkRows =
        (stats.estimatedRows() + KeyWalk.MAX_WALK_CHUNKS - 1) / KeyWalk.MAX_WALK_CHUNKS;
    findings.add(
        finding
            .with(FindingParam.EXPLAINED_ROWS, explainedRows(evidence))
            .with(FindingParam.MIN_CHUNK_ROWS, minChunkRows));
  }

  /** EXPLAIN's row estimate of each explained chunk that has one. */
  private static Map<Integer, Long> explainedRows(Evidence evidence) {
    Map<Integer, Long> rows = new LinkedHashMap<>();
    for (ChunkExplain explain : evidence.explains()) {
      if (explain.estimatedRows() >= 0) {
        rows.put(explain.chunk(), explain.estimatedRows());
      }
    }
    return rows;
  }

  private static void noStatistics(Evidence evidence, List<Finding> findings) {
    if (evidence.table() != null && evidence.source().estimatedRows() < 0) {
      Finding finding =
          Finding.of(FindingCode.NO_STATISTICS, Severity.INFO)
              .with(FindingParam.TABLE, evidence.tableName());
      findings.add(
          evidence.analyzeStatement() == null
              ? finding
              : finding.with(FindingParam.ANALYZE, evidence.analyzeStatement()));
    }
  }

  static long saturatingTimes(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}

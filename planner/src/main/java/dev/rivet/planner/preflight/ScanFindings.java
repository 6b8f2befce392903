package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.FullMode;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyStats;
import dev.rivet.planner.split.KeyWalk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
            new Finding(
                FindingCode.EXPLAIN_UNAVAILABLE,
                Severity.INFO,
                "EXPLAIN of chunk " + explain.chunk() + " failed: " + explain.unavailableReason(),
                "grant the exporting user what EXPLAIN of the chunk query needs, or check by hand"));
      }
    }
    return findings;
  }

  private static void missingIndex(Evidence evidence, List<Finding> findings) {
    KeyIndex key = evidence.keyIndex();
    if (key != null && !key.indexed()) {
      findings.add(
          new Finding(
              FindingCode.MISSING_INDEX,
              Severity.WARN,
              key.role()
                  + " column "
                  + key.column()
                  + " of "
                  + evidence.tableName()
                  + " has no index: "
                  + (evidence.chunks() > 1
                      ? "every one of the " + evidence.chunks() + " chunks scans the whole table"
                      : "each run reads its range by scanning the whole table in one statement"),
              "needs index: " + key.createIndex()));
    }
    if (evidence.splitKeyMissing()
        && evidence.plan().export().mode() instanceof FullMode
        && evidence.source().estimatedRows() > evidence.plan().export().chunkRows()) {
      findings.add(
          new Finding(
              FindingCode.MISSING_INDEX,
              Severity.WARN,
              evidence.tableName()
                  + " has no single-column integer, date or timestamp primary key or unique NOT"
                  + " NULL index: its "
                  + evidence.source().estimatedRows()
                  + " rows are read by one long statement",
              "add such a primary key or unique index, or use mode: chunked over an indexed"
                  + " column (docs/modes.md)"));
    }
  }

  private static void seqScanPerChunk(Evidence evidence, List<Finding> findings) {
    if (evidence.chunks() < 2) {
      return;
    }
    List<ChunkExplain> scans =
        evidence.explains().stream()
            .filter(e -> e.fullScan() && evidence.bounded(e.chunk()))
            .toList();
    if (scans.isEmpty()) {
      return;
    }
    long tableRows = evidence.source().estimatedRows();
    int chunks = evidence.chunks();
    long scanned = tableRows < 0 ? -1 : saturatingTimes(tableRows, chunks);
    boolean unsafe = chunks >= UNSAFE_SCAN_CHUNKS && scanned >= UNSAFE_SCANNED_ROWS;
    KeyIndex key = evidence.keyIndex();
    String fix;
    if (key != null && !key.indexed()) {
      fix = "needs index: " + key.createIndex() + " (then each chunk reads only its range)";
    } else {
      fix =
          "each chunk covers so much of the table that the optimizer prefers a full scan: raise"
              + " chunk_rows so fewer chunks scan it, or run "
              + (evidence.analyzeStatement() == null ? "ANALYZE" : evidence.analyzeStatement())
              + " if the statistics are stale";
    }
    findings.add(
        new Finding(
            FindingCode.SEQ_SCAN_PER_CHUNK,
            unsafe ? Severity.CRITICAL : Severity.WARN,
            "EXPLAIN shows a full scan of "
                + evidence.tableName()
                + " for chunk "
                + scans.stream()
                    .map(e -> Integer.toString(e.chunk()))
                    .collect(Collectors.joining(", "))
                + ": each of the "
                + chunks
                + " chunks reads the whole table"
                + (tableRows < 0
                    ? ""
                    : " (about "
                        + tableRows
                        + " rows), "
                        + (scanned == Long.MAX_VALUE ? "overflowing" : Long.toString(scanned))
                        + " rows in all"),
            fix));
  }

  private static void sparseKey(Evidence evidence, List<Finding> findings) {
    KeyStats stats = evidence.keyStats();
    if (stats == null || !KeyWalk.isSparse(stats)) {
      return;
    }
    String key = evidence.plan().splitKey().column();
    double width = (double) stats.max() - (double) stats.min() + 1;
    String density =
        String.format(Locale.ROOT, "%.2g", stats.estimatedRows() / width)
            + " rows per key value over ["
            + KeyAxis.format(stats.type(), stats.min())
            + ", "
            + KeyAxis.format(stats.type(), stats.max())
            + "]";
    if (evidence.chunks() <= KeyWalk.MAX_WALK_CHUNKS) {
      findings.add(
          new Finding(
              FindingCode.SPARSE_KEY,
              Severity.INFO,
              "key "
                  + key
                  + " is sparse (about "
                  + density
                  + "): boundaries are placed by walking its index, so chunks are balanced; each"
                  + " plan reads the whole key index once to place them",
              "nothing to change"));
      return;
    }
    long minChunkRows =
        (stats.estimatedRows() + KeyWalk.MAX_WALK_CHUNKS - 1) / KeyWalk.MAX_WALK_CHUNKS;
    findings.add(
        new Finding(
            FindingCode.SPARSE_KEY,
            Severity.WARN,
            "key "
                + key
                + " is sparse (about "
                + density
                + ") and "
                + evidence.chunks()
                + " chunks are more than the "
                + KeyWalk.MAX_WALK_CHUNKS
                + " an index walk places: boundaries are at equal widths, so most rows can land in"
                + " a few chunks"
                + explainedRows(evidence),
            "raise chunk_rows to at least "
                + minChunkRows
                + " so the planner walks the index and balances the chunks"));
  }

  private static String explainedRows(Evidence evidence) {
    List<ChunkExplain> known =
        evidence.explains().stream().filter(e -> e.estimatedRows() >= 0).toList();
    if (known.isEmpty()) {
      return "";
    }
    return " (EXPLAIN: "
        + known.stream()
            .map(e -> "chunk " + e.chunk() + " ~" + e.estimatedRows() + " rows")
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static void noStatistics(Evidence evidence, List<Finding> findings) {
    if (evidence.table() != null && evidence.source().estimatedRows() < 0) {
      findings.add(
          new Finding(
              FindingCode.NO_STATISTICS,
              Severity.INFO,
              evidence.tableName()
                  + " has no planner statistics: chunk counts and sizes are guesses",
              "run " + evidence.analyzeStatement()));
    }
  }

  static long saturatingTimes(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}

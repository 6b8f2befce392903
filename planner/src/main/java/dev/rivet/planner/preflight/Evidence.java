package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.split.KeyStats;
import java.util.List;
import java.util.Objects;

/**
 * Everything preflight read about one export, from which its findings follow without touching the
 * source again.
 *
 * @param keyIndex the index state of a mode's column on a table; null for full exports and queries
 * @param splitKeyMissing whether a full export of a table found no key to split on
 * @param keyStats min, max and row estimate of a full export's integer key; null otherwise
 * @param analyzeStatement the statement that gathers the table's statistics; null for a query
 */
record Evidence(
    ExportPlan plan,
    SourceFacts source,
    List<ChunkExplain> explains,
    KeyIndex keyIndex,
    boolean splitKeyMissing,
    KeyStats keyStats,
    String analyzeStatement) {
  Evidence {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(source, "source");
    explains = List.copyOf(explains);
  }

  /** The exported table, or null for a query export. */
  TableRef table() {
    return plan.export().relation() instanceof TableRef table ? table : null;
  }

  /** {@code s.t} or {@code t}: the table as the user wrote it; null for a query export. */
  String tableName() {
    TableRef table = table();
    return table == null ? null : table.describe().substring("table ".length());
  }

  int chunks() {
    return plan.chunks().size();
  }

  /**
   * Estimated rows of a chunk: the plan's estimate over its chunks, else the largest EXPLAIN
   * estimate, else chunk_rows for a split plan; -1 when nothing tells.
   */
  long rowsPerChunk() {
    if (plan.estimatedRows() >= 0) {
      long chunks = chunks();
      return (plan.estimatedRows() + chunks - 1) / chunks;
    }
    long explained = explains.stream().mapToLong(ChunkExplain::estimatedRows).max().orElse(-1);
    if (explained >= 0) {
      return explained;
    }
    return plan.strategy() == Strategy.SINGLE_READ ? -1 : plan.export().chunkRows();
  }

  /** Whether the plan's chunk {@code index} reads a bounded range (so a full scan is waste). */
  boolean bounded(int index) {
    return !plan.chunks().get(index).isUnbounded();
  }
}

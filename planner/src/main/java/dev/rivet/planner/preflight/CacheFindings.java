package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.FullMode;
import java.util.List;

/**
 * What a chunked read of a large table does to the source's buffer cache. PostgreSQL gives a
 * sequential scan of a table larger than a quarter of {@code shared_buffers} a small ring of
 * buffers of its own ({@code BAS_BULKREAD}: {@code initscan} in {@code
 * src/backend/access/heap/heapam.c}), so a whole-table read leaves the cache as it was; index scans
 * and TID range scans, which read the chunks of a split export, get no ring ({@code
 * table_beginscan_tidrange} in {@code src/include/access/tableam.h} sets no {@code
 * SO_ALLOW_STRAT}), so every page they read takes a buffer from the shared pool and the run pushes
 * the application's cached pages out. Measured in docs/benchmarks.md ("buffer cache"): a default
 * run of a table twice the size of {@code shared_buffers} evicted all of a warm pgbench working
 * set. INFO, since Rivet cannot avoid it without reading the whole table once per chunk.
 */
final class CacheFindings {
  private CacheFindings() {}

  static List<Finding> of(Evidence evidence) {
    ExportPlan plan = evidence.plan();
    long cache = evidence.source().cacheBytes();
    long table = evidence.source().tableBytes();
    boolean wholeTable =
        plan.export().mode() instanceof FullMode || plan.export().mode() instanceof ChunkedMode;
    if (cache <= 0
        || table <= cache / 4
        || evidence.table() == null
        || !wholeTable
        || evidence.chunks() < 2
        || evidence.explains().stream().allMatch(ChunkExplain::fullScan)) {
      return List.of();
    }
    return List.of(
        Finding.of(FindingCode.CACHE_EVICTION, Severity.INFO)
            .with(FindingParam.TABLE, evidence.tableName())
            .with(FindingParam.TABLE_BYTES, table)
            .with(FindingParam.CACHE_BYTES, cache)
            .with(FindingParam.CHUNKS, evidence.chunks()));
  }
}

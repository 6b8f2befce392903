package dev.rivet.planner.preflight;

import java.util.Objects;

/**
 * What the source's optimizer says about one chunk query, with the chunk's bounds bound; EXPLAIN
 * only, never executed.
 *
 * @param chunk the chunk's index in the plan
 * @param range the chunk's range, e.g. {@code [1001, 2001)}
 * @param topNode PostgreSQL: the root plan node's type ({@code Index Scan}); MySQL/MariaDB: the
 *     exported table's access type ({@code range}, {@code ALL}); null when unavailable
 * @param access how the exported table is read
 * @param index the index used, or null
 * @param totalCost PostgreSQL's total cost estimate of the root node; null on MySQL/MariaDB
 * @param estimatedRows the optimizer's row estimate (PostgreSQL: rows returned; MySQL: rows
 *     examined); -1 when unknown
 * @param unavailableReason why EXPLAIN failed, or null when it worked
 */
public record ChunkExplain(
    int chunk,
    String range,
    String topNode,
    Access access,
    String index,
    Double totalCost,
    long estimatedRows,
    String unavailableReason) {
  public ChunkExplain {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(access, "access");
  }

  /** An EXPLAIN that failed, with why. */
  public static ChunkExplain unavailable(int chunk, String range, String reason) {
    return new ChunkExplain(chunk, range, null, Access.UNKNOWN, null, null, -1, reason);
  }

  public boolean fullScan() {
    return access == Access.FULL_SCAN;
  }
}

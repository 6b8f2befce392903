package dev.rivet.planner;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyStats;
import dev.rivet.planner.split.KeyWalk;
import dev.rivet.planner.split.RangeSplitter;
import dev.rivet.planner.split.SplitPolicy;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Places the chunk boundaries of a single-column key: by a walk of the key's index for sparse and
 * temporal keys, else at equal widths of the key range; notes say which and why.
 */
final class KeyRangeBoundaries {
  private KeyRangeBoundaries() {}

  /** Walks the key index for sparse and temporal keys, else spreads boundaries evenly. */
  static List<Chunk> place(
      Catalog catalog,
      TableRef table,
      SplitKey key,
      KeyStats stats,
      SplitPolicy policy,
      int count,
      List<String> notes) {
    LongFunction<String> format = axis -> KeyAxis.format(stats.type(), axis);
    if (KeyWalk.applies(stats, count)) {
      List<Chunk> chunks =
          KeyWalk.split(
              stats.min(),
              policy.targetRowsPerChunk(),
              policy.maxChunks(),
              (from, offset) -> catalog.keyAtOffset(table, key, from, offset),
              format);
      notes.add(
          "boundaries placed by walking the index of "
              + key.column()
              + (stats.type() == KeyType.INTEGER
                  ? " (the key is sparse: about " + density(stats) + " rows per key value)"
                  : "")
              + ": every chunk but the last holds "
              + policy.targetRowsPerChunk()
              + " rows at plan time");
      if (chunks.size() == policy.maxChunks()) {
        notes.add(
            "the walk stopped at "
                + policy.maxChunks()
                + " chunks; the last chunk holds every remaining row");
      }
      return chunks;
    }
    String method = "boundaries placed at equal widths of the key range";
    if (KeyWalk.isSparse(stats)) {
      method +=
          "; warning: the key looks sparse (about "
              + density(stats)
              + " rows per key value) and "
              + count
              + " chunks are more than the "
              + KeyWalk.MAX_WALK_CHUNKS
              + " an index walk places, so chunk sizes may be uneven";
    } else if (stats.type() != KeyType.INTEGER) {
      method +=
          " ("
              + count
              + " chunks are more than the "
              + KeyWalk.MAX_WALK_CHUNKS
              + " an index"
              + " walk places), so chunk sizes follow how evenly the keys are spread in time";
    }
    notes.add(method);
    return RangeSplitter.split(stats, policy, format);
  }

  private static String density(KeyStats stats) {
    double width = (double) stats.max() - (double) stats.min() + 1;
    return String.format(Locale.ROOT, "%.2g", stats.estimatedRows() / width);
  }
}

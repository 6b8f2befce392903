package dev.rivet.planner.modes;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.split.KeyWalk;
import dev.rivet.planner.split.RangeSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Splits the rows whose key lies in {@code [lower, upper)} into chunks of about {@code
 * rowsPerChunk} rows: by walking the key's index when the key is an indexed column of a table, at
 * equal widths when the walk would take too many statements, and into a single chunk when the key
 * has no index (there, every chunk would scan the whole table).
 */
final class WindowSplitter {
  private final Catalog catalog;
  private final Relation relation;
  private final SplitKey key;
  private final List<String> notes;

  WindowSplitter(Catalog catalog, Relation relation, SplitKey key, List<String> notes) {
    this.catalog = catalog;
    this.relation = relation;
    this.key = key;
    this.notes = notes;
  }

  /**
   * Chunks covering {@code [lower, upper)}; a null {@code lower} leaves the first chunk open below.
   *
   * @param first the smallest key in the window (where the walk starts)
   * @param last the largest key in the window
   * @param estimatedRows rows in the window, -1 when unknown
   */
  List<Chunk> split(
      Long lower, long upper, long first, long last, long rowsPerChunk, long estimatedRows) {
    String lowerText = lower == null ? null : format(lower);
    String upperText = format(upper);
    if (!indexed()) {
      if (estimatedRows < 0 || estimatedRows > rowsPerChunk) {
        notes.add(
            key.describe()
                + (key.fallback().isEmpty() ? " has no index" : " is an expression")
                + ": the window is read by one statement, as every chunk would scan the whole "
                + relation.describe()
                + (relation instanceof TableRef table && key.fallback().isEmpty()
                    ? "; CREATE INDEX ON "
                        + table.describe().substring(6)
                        + " ("
                        + key.column()
                        + ") lets it split"
                    : ""));
      }
      return List.of(new Chunk(0, lowerText, upperText));
    }
    long wanted = estimatedRows < 0 ? 0 : ceilDiv(estimatedRows, rowsPerChunk);
    if (wanted > KeyWalk.MAX_WALK_CHUNKS) {
      notes.add(
          "boundaries placed at equal widths of the key range (about "
              + wanted
              + " chunks, more than the "
              + KeyWalk.MAX_WALK_CHUNKS
              + " an index walk places)");
      return RangeSplitter.split(
          first, last, (int) Math.min(wanted, 10_000), lowerText, upperText, this::format);
    }
    List<Chunk> chunks = new ArrayList<>();
    String chunkLower = lowerText;
    long from = first;
    while (chunks.size() < KeyWalk.MAX_WALK_CHUNKS - 1) {
      OptionalLong next = catalog.keyAtOffset(relation, key, from, rowsPerChunk);
      if (next.isEmpty()) {
        break;
      }
      long boundary = next.getAsLong();
      if (boundary <= from) {
        // More than rowsPerChunk rows share the key value `from`: the chunk ends after them.
        OptionalLong after = catalog.keyAfter(relation, key, from);
        if (after.isEmpty()) {
          break;
        }
        boundary = after.getAsLong();
      }
      if (boundary >= upper) {
        break;
      }
      String text = format(boundary);
      chunks.add(new Chunk(chunks.size(), chunkLower, text));
      chunkLower = text;
      from = boundary;
    }
    chunks.add(new Chunk(chunks.size(), chunkLower, upperText));
    if (chunks.size() > 1) {
      notes.add(
          "boundaries placed by walking the index of "
              + key.column()
              + ": every chunk but the last holds about "
              + rowsPerChunk
              + " rows at plan time");
    }
    if (chunks.size() == KeyWalk.MAX_WALK_CHUNKS) {
      notes.add(
          "the walk stopped at "
              + KeyWalk.MAX_WALK_CHUNKS
              + " chunks; the last chunk holds every remaining row");
    }
    return chunks;
  }

  private boolean indexed() {
    return relation instanceof TableRef table
        && key.fallback().isEmpty()
        && catalog.isIndexed(table, key.column());
  }

  private String format(long axis) {
    return KeyAxis.format(key.type(), axis);
  }

  static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }
}

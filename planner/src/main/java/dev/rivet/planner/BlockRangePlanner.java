package dev.rivet.planner;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.TableBlocks;
import dev.rivet.planner.split.BlockRanges;
import dev.rivet.planner.split.SplitPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Plans a full export of a table with no split key: chunks of its physical block ranges (see {@link
 * BlockRanges}) where the source can read them, else one statement, with a note saying why. Reads
 * the catalog only.
 */
final class BlockRangePlanner {
  private static final String NO_KEY =
      "no single-column integer/date/timestamp primary key or unique non-null index";

  /** Builds the block-range plan from its chunks, estimated rows and notes. */
  interface Draft {
    ExportPlan of(List<Chunk> chunks, long estimatedRows, List<PlanNote> notes);
  }

  private BlockRangePlanner() {}

  /**
   * @param notes the planner's notes so far; the reason for the outcome is added to them
   * @param single the one-statement plan at a row estimate, built after the notes are complete
   */
  static ExportPlan plan(
      Catalog catalog,
      Dialect dialect,
      ExportSpec export,
      TableRef table,
      long estimated,
      List<String> notes,
      LongFunction<ExportPlan> single,
      Draft draft) {
    TableBlocks layout = catalog.blocks(table);
    if (!layout.available()) {
      notes.add(NO_KEY + ", and " + layout.unavailable() + ": read by one statement");
      return single.apply(estimated);
    }
    if (layout.blocks() == 0) {
      notes.add(NO_KEY + ", and the table is empty at plan time: read by one statement");
      return single.apply(Math.max(estimated, 0));
    }
    if (layout.rowsPerBlock() < 0) {
      notes.add(
          NO_KEY
              + ", and the table has no statistics (never analyzed): read by one statement; run "
              + dialect.analyzeStatement(table)
              + " to let it split by block ranges");
      return single.apply(estimated);
    }
    long rows = Math.round(layout.blocks() * layout.rowsPerBlock());
    SplitPolicy policy = new SplitPolicy(export.chunkRows(), SplitPolicy.DEFAULT_MAX_CHUNKS);
    int count = BlockRanges.chunkCount(layout.blocks(), layout.rowsPerBlock(), policy);
    if (count == 1) {
      notes.add(NO_KEY + "; " + Planner.fitsOneChunk(rows, export));
      return single.apply(rows);
    }
    List<Chunk> chunks = BlockRanges.split(layout.blocks(), count);
    notes.add(
        0,
        NO_KEY
            + ": split by physical block ranges (ctid) over "
            + layout.blocks()
            + " blocks into "
            + count
            + " chunks of about "
            + (layout.blocks() / count)
            + " blocks ("
            + Math.round(rows / (double) count)
            + " rows) each; the last chunk reads every block from "
            + chunks.get(count - 1).lowerInclusive()
            + " on, including blocks added after planning");
    List<PlanNote> planNotes = new ArrayList<>(notes.stream().map(PlanNote::detail).toList());
    if (export.consistency() != Consistency.SNAPSHOT) {
      planNotes.add(new PlanNote(NoteCode.ROWS_MOVE_BETWEEN_BLOCKS, Map.of()));
    }
    return draft.of(chunks, rows, planNotes);
  }
}

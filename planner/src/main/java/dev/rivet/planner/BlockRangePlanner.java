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

/**
 * Plans a full export of a table with no split key: chunks of its physical block ranges (see {@link
 * BlockRanges}) where the source can read them, else one statement, with a note saying why. Reads
 * the catalog only.
 */
final class BlockRangePlanner {
  /** Builds the block-range plan from its chunks, estimated rows and notes. */
  interface Draft {
    ExportPlan of(List<Chunk> chunks, long estimatedRows, List<PlanNote> notes);
  }

  private BlockRangePlanner() {}

  /** The one-statement plan at a row estimate, and why the table is not read in block ranges. */
  interface Single {
    ExportPlan of(long estimatedRows, String why);
  }

  /**
   * @param noKey why the table has no key to split on (begins the split note)
   * @param single the one-statement plan when block ranges cannot be used
   */
  static ExportPlan plan(
      Catalog catalog,
      Dialect dialect,
      ExportSpec export,
      TableRef table,
      long estimated,
      String noKey,
      Single single,
      Draft draft) {
    TableBlocks layout = catalog.blocks(table);
    if (!layout.available()) {
      return single.of(estimated, layout.unavailable());
    }
    if (layout.blocks() == 0) {
      return single.of(Math.max(estimated, 0), "the table is empty at plan time");
    }
    if (layout.rowsPerBlock() < 0) {
      return single.of(
          estimated,
          "the table has no statistics (never analyzed); run "
              + dialect.analyzeStatement(table)
              + " to let it split by block ranges");
    }
    long rows = Math.round(layout.blocks() * layout.rowsPerBlock());
    SplitPolicy policy = new SplitPolicy(export.chunkRows(), SplitPolicy.DEFAULT_MAX_CHUNKS);
    int count = BlockRanges.chunkCount(layout.blocks(), layout.rowsPerBlock(), policy);
    if (count == 1) {
      return single.of(rows, FullPlanner.fitsOneChunk(rows, export));
    }
    List<Chunk> chunks = BlockRanges.split(layout.blocks(), count);
    String split =
        noKey
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
            + " on, including blocks added after planning";
    List<PlanNote> planNotes = new ArrayList<>(List.of(PlanNote.detail(split)));
    if (export.consistency() != Consistency.SNAPSHOT) {
      planNotes.add(new PlanNote(NoteCode.ROWS_MOVE_BETWEEN_BLOCKS, Map.of()));
    }
    return draft.of(chunks, rows, planNotes);
  }
}

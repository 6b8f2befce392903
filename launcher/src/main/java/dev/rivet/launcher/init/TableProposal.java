package dev.rivet.launcher.init;

import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.TableSummary;
import java.util.List;
import java.util.Optional;

/**
 * What {@code rivet init} proposes for one table: the export's name and mode, why, and what it
 * found on the way.
 *
 * @param noKey why there is no chunk key, when {@code key} is empty
 * @param cursor the cursor of an incremental export; empty for a full one
 * @param fallback the column read when the cursor is NULL, or null
 * @param cursors every cursor candidate, best first
 * @param review columns whose type mapping deserves a look
 */
public record TableProposal(
    TableSummary table,
    String exportName,
    Optional<KeyCandidate> key,
    String noKey,
    Optional<CursorCandidate> cursor,
    String fallback,
    String why,
    List<CursorCandidate> cursors,
    List<ColumnReview> review) {
  public TableProposal {
    cursors = List.copyOf(cursors);
    review = List.copyOf(review);
  }

  public boolean incremental() {
    return cursor.isPresent();
  }
}

package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an export's rows are so wide that its memory budget, not its {@code fetch_size}, decides
 * how many rows each fetch reads. Pure.
 */
public final class WideRowCheck {
  private WideRowCheck() {}

  /**
   * A {@link NoteCode#WIDE_ROWS} warning when {@code fetchSize} rows of {@code rowBytes} each are
   * more than the budget; empty when they fit or the width is unknown ({@code rowBytes <= 0}).
   */
  public static Optional<PlanNote> warning(int fetchSize, long rowBytes, MemoryBudget budget) {
    int effective = budget.fetchSize(fetchSize, rowBytes);
    if (rowBytes <= 0 || effective >= fetchSize) {
      return Optional.empty();
    }
    long total =
        Math.multiplyHigh(fetchSize, rowBytes) == 0 ? fetchSize * rowBytes : Long.MAX_VALUE;
    return Optional.of(
        new PlanNote(
            NoteCode.WIDE_ROWS,
            Map.of(
                "row_bytes",
                TuningCheck.bytes(rowBytes),
                "fetch_size",
                Integer.toString(fetchSize),
                "total",
                TuningCheck.bytes(total < 0 ? Long.MAX_VALUE : total),
                "fetch_budget",
                TuningCheck.bytes(budget.fetchBytes()),
                "budget",
                TuningCheck.bytes(budget.budgetBytes()),
                "effective_fetch_size",
                Integer.toString(effective))));
  }
}

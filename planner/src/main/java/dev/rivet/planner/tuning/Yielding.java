package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether a run yields to the source's other sessions ({@code tuning.yield_to_sessions}): when at
 * least that many other sessions were active on the source when the plan was made, the run reads
 * gently (one reader, at most {@link ExportPlan#GOVERNED_FETCH_ROWS} rows per fetch through a
 * cursor); when the activity could not be seen, or only the user's own sessions could, it reads at
 * full speed and says why.
 *
 * @param yields whether the run reads gently
 * @param notes the decision, when there was one to make
 */
public record Yielding(boolean yields, List<PlanNote> notes) {
  /** An export the source estimates at fewer rows does not look at the other sessions. */
  public static final long MIN_ROWS = ExportPlan.SHORT_RUN_ROWS;

  /** Not yielding, nothing to say. */
  public static final Yielding NO = new Yielding(false, List.of());

  public Yielding {
    notes = List.copyOf(notes);
  }

  /**
   * The decision for an export whose {@code tuning.yield_to_sessions} is {@code threshold} (0: off)
   * and whose source estimates {@code estimatedRows} (-1: unknown); {@code activity} is asked only
   * when the decision depends on it.
   */
  public static Yielding choose(
      int threshold, long estimatedRows, Supplier<SessionActivity> activity) {
    if (threshold <= 0 || estimatedRows >= 0 && estimatedRows < MIN_ROWS) {
      return NO;
    }
    SessionActivity seen = activity.get();
    if (seen.active() >= threshold) {
      return new Yielding(
          true,
          List.of(
              new PlanNote(
                  NoteCode.YIELDING,
                  Map.of(
                      "sessions",
                      Integer.toString(seen.active()),
                      "threshold",
                      Integer.toString(threshold),
                      "fetch_rows",
                      String.format(Locale.ROOT, "%,d", ExportPlan.GOVERNED_FETCH_ROWS)))));
    }
    if (seen.othersHidden()) {
      return new Yielding(
          false,
          List.of(
              new PlanNote(
                  NoteCode.YIELD_UNSEEN,
                  Map.of(
                      "sessions",
                      Integer.toString(seen.active()),
                      "threshold",
                      Integer.toString(threshold)))));
    }
    String counted =
        seen.active() < 0
            ? "other sessions not counted"
            : seen.active() + " other session(s) active in the second before planning";
    String text =
        "not yielding: "
            + counted
            + " (tuning.yield_to_sessions "
            + threshold
            + ")"
            + (seen.unknownReason() == null ? "" : "; " + seen.unknownReason());
    return new Yielding(false, List.of(PlanNote.detail(text)));
  }
}

package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.PlanNote;
import java.util.ArrayList;
import java.util.List;

/**
 * The planner's own warnings ({@code TuningCheck}, {@code RotationCheck}) as findings, judged by
 * their codes alone: rewording a note never changes a verdict.
 */
final class PlanNoteFindings {
  private PlanNoteFindings() {}

  static List<Finding> of(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    for (PlanNote note : evidence.plan().notes()) {
      FindingCode code = classify(note);
      if (code == null) {
        continue;
      }
      findings.add(Finding.of(code, severity(note)).with(FindingParam.NOTE, note));
    }
    return findings;
  }

  /** The finding a note becomes, or null for notes preflight does not judge (or judges itself). */
  static FindingCode classify(PlanNote note) {
    switch (note.code()) {
      case DETAIL:
      case YIELDING:
        return null; // How the plan reads: shown among its notes, not a risk.
      case NO_FREE_CONNECTION:
        return null; // SourceLimitFindings judges connections from the same facts.
      case UNCHUNKED_TABLE:
        return null; // ScanFindings reports it as a missing index, with the note's reason.
      case ROW_GROUP_EXCEEDS_FILE_SIZE:
      case MAX_ROWS_PER_FILE_ABOVE_CHUNK:
        return FindingCode.FILE_ROTATION;
      case FETCH_EXCEEDS_CHUNK:
      case ROW_GROUPS_EXCEED_HEAP:
      case FETCHES_EXCEED_HEAP:
        return FindingCode.MEMORY_BUDGET;
      case LONG_CHUNK:
        return FindingCode.LONG_CHUNK;
      case WIDE_ROWS:
        return FindingCode.WIDE_ROWS;
      case LEGACY_WARNING:
      case ROWS_MOVE_BETWEEN_BLOCKS:
        return FindingCode.PLAN_WARNING;
      case YIELD_UNSEEN:
        return FindingCode.SESSIONS_HIDDEN;
      default:
        throw new IllegalStateException("plan note " + note.code() + " has no finding decided");
    }
  }

  /**
   * A rotation limit that cannot bite, and rows that may move between block ranges (harmless for a
   * table nobody writes during the run), are only worth knowing; every other warning degrades.
   */
  private static Severity severity(PlanNote note) {
    switch (note.code()) {
      case MAX_ROWS_PER_FILE_ABOVE_CHUNK:
      case ROWS_MOVE_BETWEEN_BLOCKS:
      case YIELD_UNSEEN:
        return Severity.INFO;
      default:
        return Severity.WARN;
    }
  }
}

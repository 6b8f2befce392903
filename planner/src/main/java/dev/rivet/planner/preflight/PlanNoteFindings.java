package dev.rivet.planner.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * The planner's own warnings ({@code TuningCheck}, {@code RotationCheck}) as findings. Their text
 * is the message; the clause after the last {@code "; "} is the fix.
 */
final class PlanNoteFindings {
  static final String WARNING = "warning: ";

  private PlanNoteFindings() {}

  static List<Finding> of(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    for (String note : evidence.plan().notes()) {
      if (!note.startsWith(WARNING)) {
        continue;
      }
      String text = note.substring(WARNING.length());
      FindingCode code = classify(text);
      if (code == null) {
        continue;
      }
      int fix = text.lastIndexOf("; ");
      findings.add(
          new Finding(
              code,
              severity(code, text),
              fix < 0 ? text : text.substring(0, fix),
              fix < 0 ? "see docs/planning.md section 9" : text.substring(fix + 2)));
    }
    return findings;
  }

  /** The code of a planner warning, or null for those preflight checks itself. */
  static FindingCode classify(String text) {
    if (text.contains("no free connection")) {
      return null; // SourceLimitFindings judges connections from the same facts.
    }
    if (text.contains("max_file_size") || text.contains("max_rows_per_file")) {
      return FindingCode.FILE_ROTATION;
    }
    if (text.contains("heap") || text.contains("held in memory")) {
      return FindingCode.MEMORY_BUDGET;
    }
    if (text.startsWith("a chunk reads about")) {
      return FindingCode.LONG_CHUNK;
    }
    return FindingCode.PLAN_WARNING;
  }

  /** A rotation limit that cannot bite is only worth knowing; every other warning degrades. */
  private static Severity severity(FindingCode code, String text) {
    return code == FindingCode.FILE_ROTATION && text.startsWith("max_rows_per_file")
        ? Severity.INFO
        : Severity.WARN;
  }
}

package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** The quality lines of a run summary: whether the contract held, and each breach. */
final class QualityLines {
  private QualityLines() {}

  /** Prints nothing when {@code report} is null (the export has no contract). */
  static void print(JsonNode report, PrintWriter out) {
    if (report == null) {
      return;
    }
    if (report.has("unreadable")) {
      out.printf("  quality report unreadable: %s%n", report.path("unreadable").asText());
      return;
    }
    JsonNode breaches = report.path("breaches");
    if (breaches.isEmpty()) {
      out.printf("  quality passed (%d check(s))%n", report.path("checks").size());
      return;
    }
    out.printf(
        "  quality BROKEN, %d of %d check(s), published anyway (on_quality_failure: %s)%n",
        breaches.size(), report.path("checks").size(), report.path("on_failure").asText());
    for (JsonNode breach : breaches) {
      StringBuilder line = new StringBuilder("    ").append(breach.path("check").asText());
      if (!breach.path("columns").isEmpty()) {
        line.append(" [");
        for (int i = 0; i < breach.path("columns").size(); i++) {
          line.append(i == 0 ? "" : ", ").append(breach.path("columns").get(i).asText());
        }
        line.append(']');
      }
      line.append(": ")
          .append(breach.path("found").asText())
          .append(" (limit ")
          .append(breach.path("limit").asText())
          .append(')');
      if (!breach.path("examples").isEmpty()) {
        line.append("; first: ");
        for (int i = 0; i < breach.path("examples").size(); i++) {
          line.append(i == 0 ? "" : ", ").append(breach.path("examples").get(i).asText());
        }
      }
      out.println(line);
    }
  }
}

package dev.rivet.launcher.output;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.sql.ChunkQueries;
import java.io.PrintWriter;

/**
 * Prints a stored plan for humans: strategy, why, chunk count, and the first and last chunk SQL.
 */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static void print(ExportPlan plan, PrintWriter out) {
    Dialect dialect = Dialect.of(plan.source());
    out.printf("export %s  run %s  (plan stored)%n", plan.export().name(), plan.runId());
    out.printf("  source:      %s%n", plan.export().relation().describe());
    out.printf(
        "  output:      %s %s -> %s%n",
        plan.export().format().wireValue(),
        plan.export().compression().wireValue(),
        plan.export().destination().text());
    out.printf("  columns:     %d%n", plan.columns().size());
    if (!plan.export().metaColumns().none()) {
      out.printf("  lineage:     %s%n", String.join(", ", plan.export().metaColumns().names()));
    }
    out.printf(
        "  estimate:    %s rows%n",
        plan.estimatedRows() < 0 ? "unknown" : Numbers.grouped(plan.estimatedRows()));
    out.printf(
        "  mode:        %s%n  strategy:    %s, %d chunk(s)%s, parallelism %d%n",
        plan.export().mode().wireName(),
        strategy(plan),
        plan.chunks().size(),
        plan.estimatedRows() < 0
            ? ""
            : " of ~" + Numbers.grouped(plan.estimatedRows() / plan.chunks().size()) + " rows",
        plan.parallelism());
    if (plan.cursor() != null) {
      out.printf(
          "  cursor:      %s  mark %s -> %s (stored once published)%n",
          plan.cursor().cursor(),
          plan.cursor().previousMark() == null ? "none" : plan.cursor().previousMark(),
          plan.cursor().newMark() == null ? "none" : plan.cursor().newMark());
    }
    for (String note : plan.noteTexts()) {
      out.printf("  note:        %s%n", note);
    }
    out.printf(
        "  first chunk: %s  %s%n",
        plan.chunks().get(0).describeRange(),
        ChunkQueries.selectSql(dialect, plan, plan.chunks().get(0)));
    if (plan.chunks().size() > 1) {
      var last = plan.chunks().get(plan.chunks().size() - 1);
      out.printf(
          "  last chunk:  %s  %s%n",
          last.describeRange(), ChunkQueries.selectSql(dialect, plan, last));
    }
  }

  private static String strategy(ExportPlan plan) {
    if (plan.strategy() == Strategy.BLOCK_RANGE) {
      return "block ranges (ctid)";
    }
    if (plan.splitKey() == null) {
      return "single read";
    }
    return (plan.splitKey().isKeyset() ? "keyset ranges on " : "key range on ")
        + plan.splitKey().describe();
  }
}

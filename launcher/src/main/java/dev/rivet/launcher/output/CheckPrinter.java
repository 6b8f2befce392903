package dev.rivet.launcher.output;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.planner.preflight.ChunkExplain;
import dev.rivet.planner.preflight.Finding;
import dev.rivet.planner.preflight.PreflightReport;
import dev.rivet.planner.preflight.SourceFacts;
import dev.rivet.planner.preflight.TimeLimit;
import dev.rivet.planner.preflight.Verdict;
import dev.rivet.planner.quality.UniqueKeyStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints {@code rivet check} reports for people: one block per export, then the verdict. */
public final class CheckPrinter {
  private static final String INDENT = "               ";

  private CheckPrinter() {}

  public static void print(
      List<PreflightReport> reports, Verdict verdict, int exitCode, PrintWriter out) {
    print(reports, Map.of(), verdict, exitCode, out);
  }

  /** As {@link #print(List, Verdict, int, PrintWriter)}, with each export's unique keys. */
  public static void print(
      List<PreflightReport> reports,
      Map<String, List<UniqueKeyStatus>> uniqueKeys,
      Verdict verdict,
      int exitCode,
      PrintWriter out) {
    for (PreflightReport report : reports) {
      print(report, out);
      TypeReportText.print(OutputTypes.report(report.plan()), out);
      UniqueKeyText.print(uniqueKeys.getOrDefault(report.export(), List.of()), out);
      out.println();
    }
    out.printf("verdict: %s (exit %d)%n", verdict, exitCode);
    out.flush();
  }

  private static void print(PreflightReport report, PrintWriter out) {
    ExportPlan plan = report.plan();
    out.printf("export %s  %s%n", report.export(), report.verdict());
    out.printf(
        "  strategy:    %s%s, %d chunk(s)%s, parallelism %d%n",
        report.strategy().text(),
        plan.splitKey() == null ? "" : " on " + plan.splitKey().describe(),
        plan.chunks().size(),
        report.estimatedRowsPerChunk() < 0
            ? ""
            : " of ~" + Numbers.grouped(report.estimatedRowsPerChunk()) + " rows",
        plan.parallelism());
    lines(out, "  why:         ", report.reasons());
    SourceFacts facts = report.source();
    out.printf(
        "  source:      %s %s, %s%s%n",
        facts.product(),
        facts.serverVersion(),
        replica(facts),
        Boolean.TRUE.equals(facts.readOnly()) ? ", read-only" : "");
    if (plan.export().relation() instanceof TableRef table) {
      out.printf(
          "  table:       %s, %s rows, %s%n",
          table.describe().substring("table ".length()),
          facts.estimatedRows() < 0 ? "unknown" : "~" + Numbers.grouped(facts.estimatedRows()),
          facts.tableBytes() < 0 ? "size unknown" : Numbers.bytes(facts.tableBytes()));
    }
    out.printf("  fetch size:  %s%n", fetchSize(report));
    out.printf("  time limit:  %s%n", timeLimit(facts.timeLimit()));
    out.printf(
        "  connections: %s%n",
        facts
            .connections()
            .tightest()
            .map(l -> l.free() + " free (" + l.describe() + ")")
            .orElse("unknown: " + facts.connections().unknownReason()));
    out.printf("  governor:    %s%n", governor(plan.export().governor()));
    for (ChunkExplain e : report.explains()) {
      out.printf("  explain:     chunk %d %s: %s%n", e.chunk(), e.range(), explain(e));
    }
    if (report.findings().isEmpty()) {
      out.println("  findings:    none");
    } else {
      out.println("  findings:");
      for (Finding f : report.findings()) {
        FindingText text = FindingText.of(f);
        out.printf("    %-8s %s: %s%n", f.severity(), f.code().wireValue(), text.message());
        out.printf("    %-8s fix: %s%n", "", text.fix());
      }
    }
    out.printf(
        "  recommended: profile %s, parallelism %d: %s%n",
        report.recommended().profile().wireValue(),
        report.recommended().parallelism(),
        report.recommended().reason());
  }

  private static void lines(PrintWriter out, String first, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      out.println((i == 0 ? first : INDENT) + lines.get(i));
    }
  }

  private static String replica(SourceFacts facts) {
    if (facts.replica() == null) {
      return "replica unknown";
    }
    if (!facts.replica()) {
      return "primary";
    }
    return facts.replicaLagSeconds() == null
        ? "replica (lag unknown)"
        : String.format(Locale.ROOT, "replica, %.0f s behind", facts.replicaLagSeconds());
  }

  /** e.g. {@code 32 rows per fetch (fetch_size 10000; rows ~1 MiB, budget 32 MiB per reader)}. */
  private static String fetchSize(PreflightReport report) {
    long rowBytes = report.plan().averageRowBytes();
    return Numbers.grouped(report.fetchSize())
        + " rows per fetch (fetch_size "
        + report.plan().export().fetchSize()
        + (report.plan().readsGently()
            ? ", at most " + Numbers.grouped(ExportPlan.GOVERNED_FETCH_ROWS) + " read gently"
            : "")
        + "; rows "
        + (rowBytes > 0 ? "~" + Numbers.bytes(rowBytes) : "of unknown width")
        + ", budget "
        + Numbers.bytes(report.memory().budgetBytes())
        + " per reader)";
  }

  /** The governor settings in force (docs/check.md). */
  static String governor(GovernorSettings g) {
    List<String> parts = GovernorText.settings(g);
    if (parts.isEmpty()) {
      return "off (no probe, no rate limit)";
    }
    return String.join(", ", parts)
        + (g.watchesSource()
            ? "; one extra connection probes the source, the read rate follows it"
            : "; no probe");
  }

  private static String timeLimit(TimeLimit limit) {
    String scope = limit.perFetch() ? " (applies to each fetch)" : " (applies to each chunk)";
    if (limit.millis() < 0) {
      return limit.setting() + " unknown";
    }
    return limit.setting() + (limit.millis() == 0 ? " none" : " " + limit.millis() + " ms" + scope);
  }

  private static String explain(ChunkExplain e) {
    if (e.unavailableReason() != null) {
      return "unavailable: " + e.unavailableReason();
    }
    StringBuilder text = new StringBuilder(e.topNode()).append(", ").append(e.access().wireValue());
    if (e.index() != null) {
      text.append(" on ").append(e.index());
    }
    if (e.totalCost() != null) {
      text.append(String.format(Locale.ROOT, ", cost %.1f", e.totalCost()));
    }
    if (e.estimatedRows() >= 0) {
      text.append(", ~").append(Numbers.grouped(e.estimatedRows())).append(" rows");
    }
    return text.toString();
  }
}

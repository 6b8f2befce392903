package dev.rivet.launcher.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.launcher.output.TextTable;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link ReconcileReport} as a table with a verdict line, or as the JSON document. */
public final class ReconcileOutput {
  static final String EXACTNESS_NOTE =
      "source counts are taken now; they equal the files' rows exactly only if the source did not"
          + " change in these key ranges since the run read them";

  private ReconcileOutput() {}

  public static void print(ReconcileReport report, OutputFormat format, PrintWriter out) {
    if (format == OutputFormat.JSON) {
      AuditJson.print(json(report), out);
    } else {
      text(report, out);
    }
  }

  private static void text(ReconcileReport report, PrintWriter out) {
    out.printf(
        "reconcile export %s  run %s  %s%s, %d chunk(s)%n",
        report.export(),
        report.runId(),
        report.source(),
        report.splitKey() == null ? "" : " by " + report.splitKey(),
        report.chunks().size());
    TextTable table =
        new TextTable("STATUS", "CHUNK", "RANGE", "SOURCE_ROWS", "FILE_ROWS", "DIFFERENCE");
    for (ChunkReconciliation c : report.chunks()) {
      table.row(
          c.matches() ? "MATCH" : "MISMATCH",
          c.chunk().index(),
          c.chunk().describeRange(),
          c.sourceRows(),
          c.fileRows(),
          signed(c.difference()));
    }
    long difference = report.sourceRows() - report.fileRows();
    table.row(
        report.matches() ? "MATCH" : "MISMATCH",
        "total",
        "",
        report.sourceRows(),
        report.fileRows(),
        signed(difference));
    table.print(out);
    if (report.matches()) {
      out.printf(
          Locale.ROOT,
          "verdict: MATCH (%d chunk(s), %,d rows in the source and in the files)%n",
          report.chunks().size(),
          report.sourceRows());
    } else {
      out.printf(
          Locale.ROOT,
          "verdict: MISMATCH (%d of %d chunk(s) differ; %s)%n",
          report.mismatchedChunks(),
          report.chunks().size(),
          difference == 0
              ? "the totals are equal"
              : String.format(
                  Locale.ROOT,
                  "the source holds %,d %s row(s) than the files",
                  Math.abs(difference),
                  difference > 0 ? "more" : "fewer"));
      out.println("  note: " + EXACTNESS_NOTE);
    }
    out.flush();
  }

  /** The JSON document that {@code --output json} prints. */
  public static ObjectNode json(ReconcileReport report) {
    AuditVerdict verdict = AuditVerdict.of(report.matches());
    ObjectNode root = AuditJson.document("reconcile");
    root.put("run_id", report.runId());
    root.put("export", report.export());
    root.put("source", report.source());
    root.put("split_key", report.splitKey());
    root.put("verdict", verdict.wireValue());
    root.put("exit_code", verdict.exitCode());
    ArrayNode chunks = root.putArray("chunks");
    for (ChunkReconciliation c : report.chunks()) {
      ObjectNode chunk = chunks.addObject();
      chunk.put("chunk", c.chunk().index());
      chunk.put("range", c.chunk().describeRange());
      chunk.put("lower_inclusive", c.chunk().lowerInclusive());
      chunk.put("upper_exclusive", c.chunk().upperExclusive());
      chunk.put("source_rows", c.sourceRows());
      chunk.put("file_rows", c.fileRows());
      chunk.put("difference", c.difference());
      chunk.put("status", c.matches() ? "match" : "mismatch");
    }
    ObjectNode totals = root.putObject("totals");
    totals.put("chunks", report.chunks().size());
    totals.put("matched", report.chunks().size() - report.mismatchedChunks());
    totals.put("mismatched", report.mismatchedChunks());
    totals.put("source_rows", report.sourceRows());
    totals.put("file_rows", report.fileRows());
    totals.put("difference", report.sourceRows() - report.fileRows());
    root.put("note", EXACTNESS_NOTE);
    return root;
  }

  private static String signed(long n) {
    return n > 0 ? "+" + n : Long.toString(n);
  }
}

package dev.rivet.launcher.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.pipeline.validate.FileCheck;
import dev.rivet.pipeline.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints a {@link ValidationReport} as a table with a verdict line, or as the JSON document. */
public final class ValidationOutput {
  private ValidationOutput() {}

  public static void print(ValidationReport report, OutputFormat format, PrintWriter out) {
    if (format == OutputFormat.JSON) {
      AuditJson.print(json(report), out);
    } else {
      text(report, out);
    }
  }

  private static void text(ValidationReport report, PrintWriter out) {
    out.printf(
        "validate export %s  run %s  %s, %d file(s) in %s%n",
        report.export(),
        report.runId(),
        report.format(),
        report.files().size(),
        report.runDirectory());
    TextTable table = new TextTable("STATUS", "CHUNK", "ROWS", "BYTES", "FILE", "DIFFERENCES");
    for (FileCheck check : report.files()) {
      table.row(
          check.matches() ? "OK" : "MISMATCH",
          check.chunk(),
          check.recorded().rows(),
          check.recorded().bytes(),
          fileName(check.recorded().path()),
          check.matches() ? "" : String.join("; ", check.problems()));
    }
    table.print(out);
    for (String problem : report.runProblems()) {
      out.println("MISMATCH  run: " + problem);
    }
    AuditVerdict verdict = AuditVerdict.of(report.matches());
    if (verdict == AuditVerdict.MATCH) {
      out.printf(
          Locale.ROOT,
          "verdict: MATCH (%d file(s), %,d rows, sizes, SHA-256 and manifest agree with the"
              + " state store)%n",
          report.files().size(),
          report.rowsRead());
    } else {
      out.printf(
          Locale.ROOT,
          "verdict: MISMATCH (%d of %d file(s) differ, %d run problem(s))%n",
          report.mismatchedFiles(),
          report.files().size(),
          report.runProblems().size());
    }
    out.flush();
  }

  /** The JSON document that {@code --output json} prints. */
  public static ObjectNode json(ValidationReport report) {
    AuditVerdict verdict = AuditVerdict.of(report.matches());
    ObjectNode root = AuditJson.document("validate");
    root.put("run_id", report.runId());
    root.put("export", report.export());
    root.put("format", report.format());
    root.put("run_directory", report.runDirectory());
    root.put("verdict", verdict.wireValue());
    root.put("exit_code", verdict.exitCode());
    ArrayNode files = root.putArray("files");
    for (FileCheck check : report.files()) {
      ObjectNode file = files.addObject();
      file.put("chunk", check.chunk());
      file.put("file", check.file());
      file.put("path", check.recorded().path());
      file.put("status", check.matches() ? "ok" : "mismatch");
      ObjectNode recorded = file.putObject("recorded");
      recorded.put("rows", check.recorded().rows());
      recorded.put("bytes", check.recorded().bytes());
      recorded.put("sha256", check.recorded().sha256());
      ObjectNode found = file.putObject("found");
      found.put("exists", check.exists());
      putCount(found, "rows", check.rows());
      putCount(found, "bytes", check.bytes());
      found.put("sha256", check.sha256());
      strings(file.putArray("problems"), check.problems());
    }
    strings(root.putArray("run_problems"), report.runProblems());
    ObjectNode totals = root.putObject("totals");
    totals.put("files", report.files().size());
    totals.put("matched", report.files().size() - report.mismatchedFiles());
    totals.put("mismatched", report.mismatchedFiles());
    totals.put("recorded_rows", report.recordedRows());
    totals.put("rows_read", report.rowsRead());
    return root;
  }

  private static void putCount(ObjectNode node, String field, long value) {
    if (value < 0) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? Path.of(path).getFileName().toString() : path.substring(slash + 1);
  }
}

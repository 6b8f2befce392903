package dev.rivet.launcher.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.launcher.audit.OutputFormat;
import java.io.PrintWriter;

/**
 * Prints a {@link DoctorReport}: one line per check with its hint below it, or one JSON document
 * {@code {"command": "doctor", "schema_version": 1, "checks": [...], "verdict", "exit_code"}}.
 */
public final class DoctorOutput {
  static final int SCHEMA_VERSION = 1;

  private DoctorOutput() {}

  public static void print(DoctorReport report, OutputFormat format, PrintWriter out) {
    if (format == OutputFormat.JSON) {
      printJson(report, out);
    } else {
      printText(report, out);
    }
    out.flush();
  }

  private static void printText(DoctorReport report, PrintWriter out) {
    int width = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
    String indent = " ".repeat(6 + width + 2);
    for (CheckResult c : report.checks()) {
      out.printf("%-4s  %-" + width + "s  %s%n", c.status().wireValue(), c.name(), c.detail());
      if (!c.hint().isEmpty()) {
        out.println(indent + "hint: " + c.hint());
      }
    }
    out.println();
    out.println(
        "verdict: " + report.verdict().wireValue() + " (exit code " + report.exitCode() + ")");
  }

  private static void printJson(DoctorReport report, PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("command", "doctor");
    root.put("schema_version", SCHEMA_VERSION);
    ArrayNode checks = root.putArray("checks");
    for (CheckResult c : report.checks()) {
      ObjectNode check = checks.addObject();
      check.put("name", c.name());
      check.put("status", c.status().wireValue());
      check.put("detail", c.detail());
      check.put("hint", c.hint().isEmpty() ? null : c.hint());
    }
    root.put("verdict", report.verdict().wireValue());
    root.put("exit_code", report.exitCode());
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }
}

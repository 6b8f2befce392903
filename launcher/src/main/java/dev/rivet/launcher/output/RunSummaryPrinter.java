package dev.rivet.launcher.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rivet.launcher.shape.ShapeDriftItem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints run summaries for humans, or as one JSON document for scripts. */
public final class RunSummaryPrinter {
  private RunSummaryPrinter() {}

  public static void print(RunSummary run, PrintWriter out) {
    out.printf("export %s  run %s  %s%n", run.export(), run.runId(), run.status());
    out.printf(
        "  rows %s  files %d  bytes %s  duration %s  rows/s %s%n",
        Numbers.grouped(run.rows()),
        run.files(),
        Numbers.bytes(run.bytes()),
        Numbers.seconds(run.durationSeconds()),
        run.rowsPerSecond() > 0 ? Numbers.grouped(run.rowsPerSecond()) : "-");
    out.printf(
        "  chunks %d  retries %d%s  warnings %s%n",
        run.chunks(),
        run.retries(),
        run.retriesByClass().isEmpty() ? "" : " " + run.retriesByClass(),
        warnings(run));
    QualityLines.print(run.quality(), out);
    GovernorJson governor = run.governor();
    if (governor != null) {
      out.printf(
          "  governor: %d probe(s), %d failed;%s %d slowdown(s), %d speed-up(s), %d pause(s),"
              + " %d resume(s)%s; paused %s, throttled %s%n",
          governor.probes(),
          governor.probeFailures(),
          governor.baselineLatencyMillis() == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  " baseline latency %.2f ms, threshold %.2f ms;",
                  governor.baselineLatencyMillis(),
                  governor.latencyThresholdMillis()),
          governor.slowdowns(),
          governor.speedups(),
          governor.pauses(),
          governor.resumes(),
          governor.rebaselines() == 0 ? "" : ", " + governor.rebaselines() + " re-baseline(s)",
          Numbers.seconds(governor.pausedSeconds()),
          Numbers.seconds(governor.throttledSeconds()));
    }
    if (run.yieldedToSessions() != null) {
      out.printf(
          "  yielded: %d other session(s) were active at plan time: one reader, cursor fetches%n",
          run.yieldedToSessions());
    }
    out.printf("  output %s%n", run.output());
    if (run.schemaChanged()) {
      out.printf(
          "  schema changed: %d change(s) since the accepted schema (rivet state schema %s)%n",
          run.schemaChanges().size(), run.export());
    }
    for (ShapeDriftItem drift : run.shapeDrift()) {
      out.printf("  shape drift: %s%n", drift.message());
    }
    for (String failure : run.notificationFailures()) {
      out.printf("  notification not sent: %s%n", failure);
    }
    out.flush();
  }

  /** Bumped only when a field is removed or changes meaning (docs/json.md). */
  public static final int SCHEMA_VERSION = 1;

  /** {@code {"command": "run", "schema_version": 1, "runs": [...]}} (docs/json.md). */
  public static void printJson(List<RunSummary> runs, PrintWriter out) {
    printJson(runs, List.of(), out);
  }

  /**
   * {@code {"command": "run", "schema_version": 1, "runs": [...]}} and, when some exports failed
   * while others ran, {@code "failures": [error objects]} (docs/json.md).
   */
  public static void printJson(
      List<RunSummary> runs, List<? extends JsonNode> failures, PrintWriter out) {
    Map<String, Object> document = new java.util.LinkedHashMap<>();
    document.put("command", "run");
    document.put("schema_version", SCHEMA_VERSION);
    document.put("runs", runs);
    if (!failures.isEmpty()) {
      document.put("failures", failures);
    }
    try {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String warnings(RunSummary run) {
    if (run.warnings().isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    run.warnings()
        .forEach(
            (k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return text.toString();
  }
}

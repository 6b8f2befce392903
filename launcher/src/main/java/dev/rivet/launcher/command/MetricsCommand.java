package dev.rivet.launcher.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.output.Numbers;
import dev.rivet.launcher.output.PrometheusMetrics;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet metrics}: the history of runs with their volume and speed, and totals per export.
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = "History of runs: rows, bytes, duration and rows/s, with totals per export.")
final class MetricsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = "--export",
      paramLabel = "NAME",
      description = "Only runs of this export (default: every export of the config).")
  String export;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many runs (50).")
  int limit;

  /** What {@code --output} takes here: the common two, and Prometheus text exposition. */
  enum Format {
    text,
    json,
    prometheus
  }

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default), json, or prometheus (text exposition of every run in the state store,"
              + " for a node-exporter textfile or a scrape; --limit does not apply).")
  Format output;

  @Spec CommandSpec spec;

  /** One run's figures; duration and speed are null until the run has finished. */
  record RunMetrics(RunRecord run, Double seconds, Long rowsPerSecond, Long bytesPerSecond) {
    static RunMetrics of(RunRecord run) {
      if (run.startedAt() == null || run.finishedAt() == null) {
        return new RunMetrics(run, null, null, null);
      }
      double seconds = Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0;
      return new RunMetrics(
          run,
          seconds,
          seconds > 0 ? Math.round(run.rows() / seconds) : null,
          seconds > 0 ? Math.round(run.bytes() / seconds) : null);
    }
  }

  /** Totals of one export over the runs shown. */
  static final class ExportTotals {
    int runs;
    int succeeded;
    int failed;
    long rows;
    double seconds;

    void add(RunMetrics m) {
      runs++;
      succeeded += m.run().status() == RunStatus.SUCCEEDED ? 1 : 0;
      failed += m.run().status() == RunStatus.FAILED ? 1 : 0;
      if (m.run().status() == RunStatus.SUCCEEDED && m.seconds() != null) {
        rows += m.run().rows();
        seconds += m.seconds();
      }
    }

    Long rowsPerSecond() {
      return seconds > 0 ? Math.round(rows / seconds) : null;
    }
  }

  @Override
  public Integer call() {
    if (output == Format.prometheus) {
      try (StateStore store = config.openState()) {
        spec.commandLine().getOut().print(prometheus(store, config.exportNames(export)));
        spec.commandLine().getOut().flush();
      }
      return ExitStatus.SUCCESS.code();
    }
    List<RunMetrics> metrics;
    try (StateStore store = config.openState()) {
      metrics =
          // A plan that never ran (rivet plan) is not a run: it has no rows, time or outcome.
          store.runsOf(config.exportNames(export), Integer.MAX_VALUE).stream()
              .filter(r -> !r.planOnly())
              .limit(limit)
              .map(RunMetrics::of)
              .toList();
    }
    Map<String, ExportTotals> totals = new TreeMap<>();
    for (RunMetrics m : metrics) {
      totals.computeIfAbsent(m.run().export(), e -> new ExportTotals()).add(m);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.json) {
      printJson(metrics, totals, out);
    } else {
      printText(metrics, totals, out);
    }
    return ExitStatus.SUCCESS.code();
  }

  /** Every run of {@code exports} in the store, as Prometheus text exposition. */
  static String prometheus(StateStore store, List<String> exports) {
    return PrometheusMetrics.render(store.runsOf(exports, Integer.MAX_VALUE), store::chunks);
  }

  /**
   * Writes {@link #prometheus} to {@code file} through a temporary file beside it and a rename, so
   * a collector never reads half a file; a failure is reported on {@code err}, never thrown.
   */
  static void writeFile(Path file, StateStore store, List<String> exports, PrintWriter err) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        Files.writeString(temp, prometheus(store, exports), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      err.printf("rivet: metrics_file %s not written: %s%n", file, e.getMessage());
      err.flush();
    }
  }

  private static void printText(
      List<RunMetrics> metrics, Map<String, ExportTotals> totals, PrintWriter out) {
    TextTable runs =
        new TextTable(
            "RUN", "EXPORT", "STATUS", "ROWS", "BYTES", "DURATION", "ROWS/S", "MB/S", "STARTED");
    for (RunMetrics m : metrics) {
      RunRecord r = m.run();
      runs.row(
          r.runId(),
          r.export(),
          r.status(),
          Numbers.grouped(r.rows()),
          Numbers.bytes(r.bytes()),
          m.seconds() == null ? "-" : Numbers.seconds(m.seconds()),
          m.rowsPerSecond() == null ? "-" : Numbers.grouped(m.rowsPerSecond()),
          m.bytesPerSecond() == null
              ? "-"
              : String.format(Locale.ROOT, "%.1f", m.bytesPerSecond() / 1e6),
          r.startedAt());
    }
    runs.print(out);
    out.println();
    TextTable byExport =
        new TextTable("EXPORT", "RUNS", "SUCCEEDED", "FAILED", "ROWS (SUCCEEDED)", "ROWS/S");
    totals.forEach(
        (name, t) ->
            byExport.row(
                name,
                t.runs,
                t.succeeded,
                t.failed,
                Numbers.grouped(t.rows),
                t.rowsPerSecond() == null ? "-" : Numbers.grouped(t.rowsPerSecond())));
    byExport.print(out);
    out.flush();
  }

  private static void printJson(
      List<RunMetrics> metrics, Map<String, ExportTotals> totals, PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("command", "metrics");
    root.put("schema_version", 1);
    ArrayNode runs = root.putArray("runs");
    for (RunMetrics m : metrics) {
      RunRecord r = m.run();
      ObjectNode run = runs.addObject();
      run.put("run_id", r.runId());
      run.put("export", r.export());
      run.put("status", r.status().name());
      run.put("rows", r.rows());
      run.put("files", r.files());
      run.put("bytes", r.bytes());
      run.put("chunks", r.chunkCount());
      run.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
      run.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
      run.put("duration_seconds", m.seconds());
      run.put("rows_per_second", m.rowsPerSecond());
      run.put("bytes_per_second", m.bytesPerSecond());
      run.put("error_class", r.errorClass());
    }
    ObjectNode exports = root.putObject("exports");
    totals.forEach(
        (name, t) -> {
          ObjectNode e = exports.putObject(name);
          e.put("runs", t.runs);
          e.put("succeeded", t.succeeded);
          e.put("failed", t.failed);
          e.put("rows_succeeded", t.rows);
          e.put("rows_per_second", t.rowsPerSecond());
        });
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
    out.flush();
  }
}

package dev.rivet.launcher.output;

import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The state store's runs as Prometheus text exposition (format 0.0.4, what a node-exporter textfile
 * collector and a scrape read), per export: when it last ran and last succeeded, what its newest
 * finished run did, and how many runs ended in each status. docs/cli.md lists the metrics.
 */
public final class PrometheusMetrics {
  private PrometheusMetrics() {}

  /**
   * @param runs the runs of the exports, any order
   * @param chunksOf the chunks of a run, for its retries
   */
  public static String render(List<RunRecord> runs, Function<String, List<ChunkRecord>> chunksOf) {
    Map<String, List<RunRecord>> byExport = new LinkedHashMap<>();
    runs.stream()
        .sorted(
            (a, b) ->
                a.export().equals(b.export())
                    ? b.createdAt().compareTo(a.createdAt())
                    : a.export().compareTo(b.export()))
        .forEach(r -> byExport.computeIfAbsent(r.export(), e -> new ArrayList<>()).add(r));

    GaugeSnapshot.Builder lastSuccess =
        gauge(
            "rivet_last_success_timestamp_seconds",
            "When the newest published run of the export finished (Unix time).");
    GaugeSnapshot.Builder lastRun =
        gauge(
            "rivet_last_run_timestamp_seconds",
            "When the newest finished run of the export (published or failed) finished.");
    GaugeSnapshot.Builder lastOk =
        gauge("rivet_last_run_success", "1 when the newest finished run was published, else 0.");
    GaugeSnapshot.Builder lastRows =
        gauge("rivet_last_run_rows", "Rows of the newest finished run.");
    GaugeSnapshot.Builder lastBytes =
        gauge("rivet_last_run_bytes", "Bytes written by the newest finished run.");
    GaugeSnapshot.Builder lastDuration =
        gauge("rivet_last_run_duration_seconds", "Wall time of the newest finished run.");
    GaugeSnapshot.Builder lastRetries =
        gauge("rivet_last_run_retries", "Chunk attempts beyond the first in the newest run.");
    CounterSnapshot.Builder total =
        CounterSnapshot.builder()
            .name("rivet_runs")
            .help("Runs in the state store that ended in each status.");

    for (Map.Entry<String, List<RunRecord>> entry : byExport.entrySet()) {
      Labels export = Labels.of("export", entry.getKey());
      List<RunRecord> exportRuns = entry.getValue();
      Map<RunStatus, Long> counts = new LinkedHashMap<>();
      for (RunStatus status : List.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.ABANDONED)) {
        counts.put(status, 0L);
      }
      exportRuns.forEach(r -> counts.computeIfPresent(r.status(), (s, n) -> n + 1));
      counts.forEach(
          (status, n) ->
              total.dataPoint(
                  CounterSnapshot.CounterDataPointSnapshot.builder()
                      .labels(export.add("status", status.name().toLowerCase(Locale.ROOT)))
                      .value(n)
                      .build()));
      exportRuns.stream()
          .filter(r -> r.status() == RunStatus.SUCCEEDED && r.finishedAt() != null)
          .findFirst()
          .ifPresent(r -> point(lastSuccess, export, seconds(r.finishedAt())));
      RunRecord newest =
          exportRuns.stream()
              .filter(r -> r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.FAILED)
              .filter(r -> r.finishedAt() != null)
              .findFirst()
              .orElse(null);
      if (newest == null) {
        continue;
      }
      point(lastRun, export, seconds(newest.finishedAt()));
      point(lastOk, export, newest.status() == RunStatus.SUCCEEDED ? 1 : 0);
      point(lastRows, export, newest.rows());
      point(lastBytes, export, newest.bytes());
      point(
          lastDuration,
          export,
          newest.startedAt() == null
              ? 0
              : Duration.between(newest.startedAt(), newest.finishedAt()).toMillis() / 1000.0);
      point(
          lastRetries,
          export,
          chunksOf.apply(newest.runId()).stream()
              .mapToInt(c -> Math.max(0, c.attempts() - 1))
              .sum());
    }
    MetricSnapshots snapshots =
        MetricSnapshots.builder()
            .metricSnapshot(lastSuccess.build())
            .metricSnapshot(lastRun.build())
            .metricSnapshot(lastOk.build())
            .metricSnapshot(lastRows.build())
            .metricSnapshot(lastBytes.build())
            .metricSnapshot(lastDuration.build())
            .metricSnapshot(lastRetries.build())
            .metricSnapshot(total.build())
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static GaugeSnapshot.Builder gauge(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static void point(GaugeSnapshot.Builder gauge, Labels labels, double value) {
    gauge.dataPoint(
        GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
  }

  private static double seconds(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }
}

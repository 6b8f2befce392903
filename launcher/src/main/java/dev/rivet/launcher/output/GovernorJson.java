package dev.rivet.launcher.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rivet.pipeline.govern.GovernorReport;

/** The {@code governor} object of a run summary (docs/json.md). */
public record GovernorJson(
    @JsonProperty("probes") long probes,
    @JsonProperty("probe_failures") long probeFailures,
    @JsonProperty("slowdowns") long slowdowns,
    @JsonProperty("pauses") long pauses,
    @JsonProperty("resumes") long resumes,
    @JsonProperty("paused_seconds") double pausedSeconds,
    @JsonProperty("throttled_seconds") double throttledSeconds,
    @JsonProperty("speedups") long speedups,
    @JsonProperty("baseline_latency_ms") @JsonInclude(JsonInclude.Include.NON_NULL)
        Double baselineLatencyMillis,
    @JsonProperty("latency_threshold_ms") double latencyThresholdMillis,
    @JsonProperty("lowest_rows_per_second") long lowestRowsPerSecond,
    @JsonProperty("rebaselines") long rebaselines) {

  static GovernorJson of(GovernorReport report) {
    return new GovernorJson(
        report.samples(),
        report.probeFailures(),
        report.slowdowns(),
        report.pauses(),
        report.resumes(),
        report.pausedMillis() / 1000.0,
        report.throttledMillis() / 1000.0,
        report.speedups(),
        report.baselineLatencyMicros() < 0 ? null : report.baselineLatencyMicros() / 1000.0,
        report.latencyThresholdMicros() / 1000.0,
        report.lowestRowsPerSecond(),
        report.rebaselines());
  }
}

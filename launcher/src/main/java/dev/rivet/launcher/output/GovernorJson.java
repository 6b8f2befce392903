package dev.rivet.launcher.output;

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
    @JsonProperty("throttled_seconds") double throttledSeconds) {

  static GovernorJson of(GovernorReport report) {
    return new GovernorJson(
        report.samples(),
        report.probeFailures(),
        report.slowdowns(),
        report.pauses(),
        report.resumes(),
        report.pausedMillis() / 1000.0,
        report.throttledMillis() / 1000.0);
  }
}

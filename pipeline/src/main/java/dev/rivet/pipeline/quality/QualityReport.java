package dev.rivet.pipeline.quality;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What checking one run against its export's quality contract found; written as {@code
 * quality.json} in the run's folder.
 *
 * @param onFailure {@code fail} or {@code warn}
 * @param rows the run's rows
 * @param previousRows the rows of the export's previous published run, or null when there is none
 *     (or the contract does not compare with it)
 * @param checks every check made, e.g. {@code unique_columns [id]}
 * @param breaches the checks that failed; empty when the data meets the contract
 */
public record QualityReport(
    @JsonProperty("export") String export,
    @JsonProperty("run_id") String runId,
    @JsonProperty("on_failure") String onFailure,
    @JsonProperty("rows") long rows,
    @JsonProperty("previous_rows") Long previousRows,
    @JsonProperty("checks") List<String> checks,
    @JsonProperty("breaches") List<QualityBreach> breaches) {
  public QualityReport {
    Objects.requireNonNull(export, "export");
    checks = List.copyOf(checks);
    breaches = List.copyOf(breaches);
  }

  @JsonProperty("passed")
  public boolean passed() {
    return breaches.isEmpty();
  }

  /** Every breach, one per {@code ; }. */
  @JsonIgnore
  public String describeBreaches() {
    return breaches.stream().map(QualityBreach::describe).collect(Collectors.joining("; "));
  }
}

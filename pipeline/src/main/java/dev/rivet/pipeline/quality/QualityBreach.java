package dev.rivet.pipeline.quality;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * One check of a quality contract that the run's data broke.
 *
 * @param check the contract key, e.g. {@code unique_columns}
 * @param columns the columns checked; empty for row counts
 * @param limit the contract's bound as written, e.g. {@code 5%}
 * @param found what the run has, e.g. {@code 12.5% NULL (25 of 200 rows)}
 * @param examples the first offending keys or values, at most {@link QualityEvaluation#EXAMPLES}
 */
public record QualityBreach(
    @JsonProperty("check") String check,
    @JsonProperty("columns") List<String> columns,
    @JsonProperty("limit") String limit,
    @JsonProperty("found") String found,
    @JsonProperty("examples") List<String> examples) {
  public QualityBreach {
    Objects.requireNonNull(check, "check");
    columns = List.copyOf(columns);
    examples = List.copyOf(examples);
  }

  /** One line: {@code unique_columns [id]: 3 duplicate rows (first keys: 5, 7)}. */
  public String describe() {
    return check
        + (columns.isEmpty() ? "" : " " + columns)
        + ": "
        + found
        + " (limit "
        + limit
        + ")"
        + (examples.isEmpty() ? "" : "; first: " + String.join(", ", examples));
  }
}

package dev.rivet.pipeline.fidelity;

import dev.rivet.kernel.plan.ColumnOverride;
import java.util.Objects;

/**
 * One column of an export's type report: where it comes from, what it is written as, and how
 * faithfully.
 *
 * @param sourceType the source's type name, as the plan recorded it
 * @param override the column's override in config form ({@code int64}), or null
 * @param outputType the output type name, as in the manifest and the export's schema
 * @param parquet the Parquet physical type and annotation
 * @param csv the CSV text form
 */
public record ColumnReport(
    String name,
    String sourceType,
    String override,
    String outputType,
    String parquet,
    String csv,
    Judgement judgement) {
  public ColumnReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(outputType, "outputType");
    Objects.requireNonNull(judgement, "judgement");
  }

  static String describe(ColumnOverride override) {
    return override == null ? null : override.describe();
  }
}

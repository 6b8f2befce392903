package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.fidelity.OutputForms;
import dev.rivet.pipeline.fidelity.OutputTypes;
import java.util.List;

/**
 * Names the output type of each column for the manifest and the export's schema, e.g. {@code
 * DECIMAL(12,2)}, with the export's column overrides applied.
 */
public final class OutputTypeNames {
  private OutputTypeNames() {}

  static List<String> of(ExportPlan plan) {
    return OutputTypes.of(plan).stream().map(OutputForms::typeName).toList();
  }

  /** The output type names of {@code columns} read from a {@code source}, in order. */
  public static List<String> of(List<SourceColumn> columns, SourceKind source) {
    return of(columns, source, ColumnOverrides.NONE, "");
  }

  /**
   * The output type names of {@code columns} (the source's columns now) with the overrides of
   * {@code plan}'s export that name one of them; an override of a column that is gone is left out,
   * so the change shows as a removed column.
   */
  public static List<String> of(List<SourceColumn> columns, ExportPlan plan) {
    ColumnOverrides all = plan.export().columnOverrides();
    List<String> names = columns.stream().map(SourceColumn::name).toList();
    ColumnOverrides present =
        new ColumnOverrides(
            all.columns().stream().filter(o -> names.contains(o.column())).toList(),
            all.allowLossy(),
            all.keyPath());
    return of(columns, plan.source(), present, plan.export().name());
  }

  private static List<String> of(
      List<SourceColumn> columns, SourceKind source, ColumnOverrides overrides, String export) {
    return OutputTypes.of(columns, source, overrides, export).stream()
        .map(OutputForms::typeName)
        .toList();
  }

  /** The schema the plan writes: its columns with their output types. */
  public static ExportSchema schema(ExportPlan plan) {
    return ExportSchema.of(plan.columns(), of(plan));
  }
}

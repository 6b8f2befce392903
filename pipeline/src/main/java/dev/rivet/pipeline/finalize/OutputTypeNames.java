package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.TypeMapper;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Names the output type of each column for the manifest and the export's schema, e.g. {@code
 * DECIMAL(12,2)}.
 */
public final class OutputTypeNames {
  private OutputTypeNames() {}

  static List<String> of(ExportPlan plan) {
    return of(plan.columns(), plan.source());
  }

  /** The output type names of {@code columns} read from a {@code source}, in order. */
  public static List<String> of(List<SourceColumn> columns, SourceKind source) {
    return TypeMapper.map(columns, source).stream().map(OutputTypeNames::name).toList();
  }

  /** The schema the plan writes: its columns with their output types. */
  public static ExportSchema schema(ExportPlan plan) {
    return ExportSchema.of(plan.columns(), of(plan));
  }

  private static String name(ColumnType type) {
    if (type.kind() == LogicalKind.DECIMAL) {
      return "DECIMAL(" + type.precision() + "," + type.scale() + ")";
    }
    if (type.kind() == LogicalKind.LIST) {
      return "LIST<" + name(type.element()) + ">";
    }
    if (type.kind() == LogicalKind.MAP) {
      return "MAP<STRING,STRING>";
    }
    if (type.kind() == LogicalKind.STRUCT) {
      return type.fields().stream()
          .map(field -> field.name() + ":" + name(field))
          .collect(Collectors.joining(",", "STRUCT<", ">"));
    }
    return type.kind().name();
  }
}

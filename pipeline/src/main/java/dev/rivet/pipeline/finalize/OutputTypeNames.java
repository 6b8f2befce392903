package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.TypeMapper;
import java.util.List;

/** Names the output type of each column for the manifest, e.g. {@code DECIMAL(12,2)}. */
final class OutputTypeNames {
  private OutputTypeNames() {}

  static List<String> of(ExportPlan plan) {
    return TypeMapper.map(plan.columns(), plan.source()).stream()
        .map(OutputTypeNames::name)
        .toList();
  }

  private static String name(ColumnType type) {
    if (type.kind() == LogicalKind.DECIMAL) {
      return "DECIMAL(" + type.precision() + "," + type.scale() + ")";
    }
    if (type.kind() == LogicalKind.LIST) {
      return "LIST<" + name(type.element()) + ">";
    }
    return type.kind().name();
  }
}

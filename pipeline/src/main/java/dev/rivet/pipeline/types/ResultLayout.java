package dev.rivet.pipeline.types;

import java.util.List;

/**
 * Where each column of a chunk's result set is: the mapped columns at 1..n in order, then every
 * composite field as a column of its own, depth first, each field before its own fields (the order
 * of {@link dev.rivet.kernel.plan.SourceColumn#attributePaths}, in which the chunk query selects
 * them). Builds the readers of the mapped columns, a STRUCT's reader reading its fields there.
 */
public final class ResultLayout {
  private final ValuePolicies policies;
  private final WarningCounts warnings;
  private int next;

  private ResultLayout(int columns, ValuePolicies policies, WarningCounts warnings) {
    this.policies = policies;
    this.warnings = warnings;
    this.next = columns + 1;
  }

  /** One reader per column of {@code types}, the i-th reading result column i + 1. */
  public static ColumnReader[] readers(
      List<ColumnType> types, ValuePolicies policies, WarningCounts warnings) {
    ResultLayout layout = new ResultLayout(types.size(), policies, warnings);
    ColumnReader[] readers = new ColumnReader[types.size()];
    for (int i = 0; i < readers.length; i++) {
      ColumnType type = types.get(i);
      readers[i] = layout.reader(ColumnSlot.of(type, i + 1, policies, warnings), type.name());
    }
    return readers;
  }

  private ColumnReader reader(ColumnSlot slot, String path) {
    List<ColumnType> fields = slot.type().fields();
    if (fields.isEmpty()) {
      return new ColumnReader(slot);
    }
    ColumnReader[] readers = new ColumnReader[fields.size()];
    for (int i = 0; i < readers.length; i++) {
      ColumnType field = fields.get(i);
      String fieldPath = path + "." + field.name();
      ColumnSlot fieldSlot =
          new ColumnSlot(
              field,
              next++,
              "column '" + fieldPath + "' (" + field.sourceType() + ")",
              policies,
              warnings);
      readers[i] = reader(fieldSlot, fieldPath);
    }
    return new ColumnReader(slot, readers);
  }
}

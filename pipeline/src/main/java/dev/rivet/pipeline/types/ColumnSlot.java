package dev.rivet.pipeline.types;

import java.util.Objects;

/**
 * One column of a result set being read: its mapped type, its 1-based index, how messages name it,
 * the export's value policies and the counts its warnings go to.
 *
 * @param label how messages name the column, e.g. {@code column 'price' (numeric)}
 */
public record ColumnSlot(
    ColumnType type, int index, String label, ValuePolicies policies, WarningCounts warnings) {
  public ColumnSlot {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(warnings, "warnings");
  }

  /** The column at {@code index} of a result set, named in messages by its name and source type. */
  public static ColumnSlot of(
      ColumnType type, int index, ValuePolicies policies, WarningCounts warnings) {
    return new ColumnSlot(
        type,
        index,
        "column '" + type.name() + "' (" + type.sourceType() + ")",
        policies,
        warnings);
  }

  /** This list column's element, at {@code index} of the array's own result set. */
  public ColumnSlot element(int index) {
    return new ColumnSlot(type.element(), index, "element of " + label, policies, warnings);
  }
}

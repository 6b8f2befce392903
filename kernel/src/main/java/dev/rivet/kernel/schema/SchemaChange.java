package dev.rivet.kernel.schema;

import java.util.Objects;

/**
 * One classified difference between an export's old and new schema.
 *
 * @param column the column's name: its new name, or its old one when it was removed
 * @param before the column in the old schema; null when it was added
 * @param after the column in the new schema; null when it was removed
 * @param fromPosition the column's 1-based position in the old schema, 0 when added
 * @param toPosition its 1-based position in the new schema, 0 when removed
 */
public record SchemaChange(
    ChangeKind kind,
    String column,
    ColumnSchema before,
    ColumnSchema after,
    int fromPosition,
    int toPosition) {
  public SchemaChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(column, "column");
    if (before == null && after == null) {
      throw new IllegalArgumentException("a change needs the column before or after");
    }
  }
}

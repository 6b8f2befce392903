package dev.rivet.launcher.drift;

import dev.rivet.kernel.schema.ColumnSchema;
import dev.rivet.kernel.schema.SchemaChange;

/** Renders a schema change for people: one line naming the column, what it was and what it is. */
public final class ChangeText {
  private ChangeText() {}

  /** E.g. {@code column 'name' (2): retyped varchar(50) -> varchar(200) (widening)}. */
  public static String describe(SchemaChange change) {
    String column = "column '" + change.column() + "'";
    switch (change.kind()) {
      case ADDED:
        return column + " added at position " + change.toPosition() + ": " + type(change.after());
      case REMOVED:
        return column
            + " removed (was at position "
            + change.fromPosition()
            + ": "
            + type(change.before())
            + ")";
      case RETYPED_WIDENING:
        return column + " retyped " + retype(change) + " (widening)";
      case RETYPED_NARROWING:
        return column + " retyped " + retype(change) + " (narrowing or incompatible)";
      case NULLABILITY_CHANGED:
        return column + (change.after().nullable() ? " now allows NULL" : " no longer allows NULL");
      case REORDERED:
        return column
            + " moved from position "
            + change.fromPosition()
            + " to "
            + change.toPosition();
      case POSSIBLY_RENAMED:
        return "column '"
            + change.before().name()
            + "' possibly renamed to '"
            + change.after().name()
            + "' (same type "
            + change.after().declaredType()
            + " at position "
            + change.toPosition()
            + ")";
      default:
        throw new IllegalStateException("unknown change kind " + change.kind());
    }
  }

  private static String retype(SchemaChange change) {
    return type(change.before()) + " -> " + type(change.after());
  }

  private static String type(ColumnSchema column) {
    return column.declaredType() + " (written as " + column.outputType() + ")";
  }
}

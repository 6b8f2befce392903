package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;

/**
 * Checks that an array value has the dimension count its column's list type was planned with (the
 * catalog's declared dimensions, one when undeclared): a list of lists cannot hold a flat array,
 * nor a list a matrix. PostgreSQL does not enforce a column's declared dimensions, so a value may
 * differ. The count is read from the value's text, which arrives in text transfer (see {@link
 * PostgresValueReader}): an optional bounds prefix ({@code [0:1][1:2]=}), then one {@code {} per
 * dimension before the first element; an element that starts with a brace is quoted.
 */
final class PostgresArrayDimensions {
  private PostgresArrayDimensions() {}

  /**
   * @throws RivetException DATA when the value's dimensions differ from the type's; an empty array
   *     ({@code {}}, no dimensions) fits every list type
   */
  static void check(String label, String text, ColumnType type) {
    int expected = depth(type);
    int found = dimensions(text);
    if (found == 0 || found == expected) {
      return;
    }
    throw new RivetException(
        FailureKind.DATA,
        label
            + " holds an array of "
            + found
            + " dimension"
            + (found == 1 ? "" : "s")
            + ", but the column is written as a list of "
            + expected
            + " dimension"
            + (expected == 1 ? "" : "s")
            + (expected == 1
                ? " (its table does not declare more, or it is a query's column)"
                : " (as its table declares it)"),
        "declare the column's dimensions in its table (ALTER TABLE ... ALTER COLUMN ... TYPE "
            + elementName(type)
            + "[]".repeat(found)
            + " declares "
            + found
            + "), export it as JSON text (to_json(col)::text AS col in a query export) or as"
            + " the array's text (the export's columns: {col: text}), or make the values agree"
            + " (array_ndims(col) shows each value's count)");
  }

  private static String elementName(ColumnType type) {
    String name = type.sourceType();
    return name.startsWith("_") ? name.substring(1) : name;
  }

  /** The list nesting of {@code type}: 1 for a list of scalars, 2 for a list of lists. */
  static int depth(ColumnType type) {
    int depth = 0;
    for (ColumnType t = type; t != null && t.kind() == LogicalKind.LIST; t = t.element()) {
      depth++;
    }
    return depth;
  }

  /** The dimensions of an array in PostgreSQL's text form; 0 for the empty array {@code {}}. */
  static int dimensions(String text) {
    int start = 0;
    if (!text.isEmpty() && text.charAt(0) == '[') {
      start = text.indexOf('=') + 1;
    }
    int braces = 0;
    int i = start;
    while (i < text.length() && text.charAt(i) == '{') {
      braces++;
      i++;
    }
    if (i < text.length() && text.charAt(i) == '}' && braces == 1) {
      return 0;
    }
    return braces;
  }
}

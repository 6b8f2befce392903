package dev.rivet.planner.dialect;

import java.util.List;

/**
 * Which of a table's columns the connected user may not SELECT, as the source's catalog says.
 *
 * @param withoutSelect the columns without SELECT, in table order
 * @param columns how many columns the table has
 */
public record ColumnGrants(List<String> withoutSelect, long columns) {
  public ColumnGrants {
    withoutSelect = List.copyOf(withoutSelect);
    if (columns < withoutSelect.size()) {
      throw new IllegalArgumentException(
          columns + " columns cannot have " + withoutSelect.size() + " without SELECT");
    }
  }
}

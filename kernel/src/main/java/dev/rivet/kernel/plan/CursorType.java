package dev.rivet.kernel.plan;

import java.util.Locale;

/** The declared type of an incremental cursor, checked against the column's real type. */
public enum CursorType {
  INT,
  TIMESTAMP,
  DATE;

  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a column the planner sees as {@code key} can serve as a cursor of this type. */
  public boolean accepts(KeyType key) {
    switch (this) {
      case INT:
        return key == KeyType.INTEGER;
      case DATE:
        return key == KeyType.DATE;
      default:
        return key == KeyType.TIMESTAMP || key == KeyType.TIMESTAMPTZ;
    }
  }
}

package dev.rivet.launcher.init;

import dev.rivet.kernel.plan.KeyType;

/**
 * A column that could serve as an incremental export's cursor.
 *
 * @param column the column's name
 * @param type its split type (date, timestamp or timestamptz)
 * @param indexed whether an index leads with it, so reading past a mark is a range scan
 * @param nullable whether rows may hold NULL there (an incremental run never reads those rows)
 * @param tracksUpdates whether its name says it changes when a row changes ({@code updated_at}),
 *     rather than only when a row is inserted ({@code created_at})
 */
public record CursorCandidate(
    String column, KeyType type, boolean indexed, boolean nullable, boolean tracksUpdates) {

  /** The value of {@code cursor.type} in a config. */
  public String configType() {
    return type == KeyType.DATE ? "date" : "timestamp";
  }

  /** Why this column ranks where it does, for a comment. */
  public String describe() {
    return column
        + " ("
        + configType()
        + (indexed ? ", indexed" : ", not indexed")
        + (nullable ? ", nullable" : "")
        + (tracksUpdates ? ", changes with each update" : ", set on insert only: misses updates")
        + ")";
  }
}

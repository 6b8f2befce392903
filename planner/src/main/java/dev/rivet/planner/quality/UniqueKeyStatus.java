package dev.rivet.planner.quality;

import java.util.List;

/**
 * What the source says about one key an export's quality contract declares unique.
 *
 * @param columns the declared key
 * @param backingIndex the primary key or unique index that guarantees it (its columns are among the
 *     key's), or null when none does (or the export reads a query, whose result has no index)
 * @param duplicateKeys how many key values occur more than once in the source now, or null when not
 *     counted
 * @param duplicateRows how many rows repeat an earlier key, or null when not counted
 */
public record UniqueKeyStatus(
    List<String> columns, String backingIndex, Long duplicateKeys, Long duplicateRows) {
  public UniqueKeyStatus {
    columns = List.copyOf(columns);
  }

  /** Whether an index guarantees the key: the source cannot hold duplicates of it. */
  public boolean indexed() {
    return backingIndex != null;
  }
}

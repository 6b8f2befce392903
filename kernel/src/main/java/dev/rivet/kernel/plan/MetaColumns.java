package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which lineage columns an export appends to every row, after the source's columns and in this
 * order: {@value #EXPORTED_AT} (the run's plan time), {@value #RUN_ID} and {@value #ROW_HASH} (a
 * 64-bit hash of the row's values, see docs/lineage.md). Immutable; {@link #NONE} adds none.
 *
 * @param rowHashColumns the source columns the row hash covers, in this order; empty for every
 *     source column in the source's order. Set only when {@code rowHash} is
 */
public record MetaColumns(
    boolean exportedAt, boolean runId, boolean rowHash, List<String> rowHashColumns)
    implements Serializable {
  /** What every lineage column's name starts with; source columns must not collide with them. */
  public static final String PREFIX = "_rivet_";

  public static final String EXPORTED_AT = PREFIX + "exported_at";
  public static final String RUN_ID = PREFIX + "run_id";
  public static final String ROW_HASH = PREFIX + "row_hash";

  /** No lineage columns: the files hold the source's columns only. */
  public static final MetaColumns NONE = new MetaColumns(false, false, false, List.of());

  public MetaColumns {
    rowHashColumns = rowHashColumns == null ? List.of() : List.copyOf(rowHashColumns);
    if (!rowHash && !rowHashColumns.isEmpty()) {
      throw new IllegalArgumentException("row hash columns are listed but the row hash is off");
    }
    Set<String> seen = new HashSet<>();
    for (String column : rowHashColumns) {
      if (!seen.add(column)) {
        throw new InvalidSettingException(
            "meta_columns.row_hash",
            "lists column '" + column + "' twice",
            "list each column once");
      }
    }
  }

  /** The lineage column names written, in file order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(3);
    if (exportedAt) {
      names.add(EXPORTED_AT);
    }
    if (runId) {
      names.add(RUN_ID);
    }
    if (rowHash) {
      names.add(ROW_HASH);
    }
    return List.copyOf(names);
  }

  /** Whether the export adds no lineage column. */
  public boolean none() {
    return !exportedAt && !runId && !rowHash;
  }

  /**
   * The source columns whose names equal a lineage column written, ignoring case (many readers of
   * Parquet and CSV fold case), in source order.
   */
  public List<String> collisions(List<SourceColumn> columns) {
    Set<String> written = new HashSet<>();
    for (String name : names()) {
      written.add(name.toLowerCase(Locale.ROOT));
    }
    return columns.stream()
        .map(SourceColumn::name)
        .filter(name -> written.contains(name.toLowerCase(Locale.ROOT)))
        .toList();
  }

  /** The listed row-hash columns the source does not have (names match exactly), in list order. */
  public List<String> missingHashColumns(List<SourceColumn> columns) {
    Set<String> present = new HashSet<>();
    for (SourceColumn column : columns) {
      present.add(column.name());
    }
    return rowHashColumns.stream().filter(name -> !present.contains(name)).toList();
  }
}

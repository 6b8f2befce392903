package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An export's {@code columns:} overrides and its {@code allow_lossy} switch. Immutable; {@link
 * #NONE} overrides nothing. Which casts are allowed, exact or lossy is decided against the source
 * column's type when the export is planned (see docs/type-mapping.md#overrides).
 *
 * @param columns one override per column, in config order
 * @param allowLossy whether overrides that can change or refuse values are accepted
 * @param keyPath where the overrides were written, e.g. {@code exports[2].columns}, for messages
 */
public record ColumnOverrides(List<ColumnOverride> columns, boolean allowLossy, String keyPath)
    implements Serializable {
  /** No override. */
  public static final ColumnOverrides NONE = new ColumnOverrides(List.of(), false, "columns");

  public ColumnOverrides {
    columns = columns == null ? List.of() : List.copyOf(columns);
    keyPath = keyPath == null ? "columns" : keyPath;
    Set<String> seen = new HashSet<>();
    for (ColumnOverride column : columns) {
      if (!seen.add(column.column())) {
        throw new InvalidSettingException(
            "columns." + column.column(), "is overridden twice", "override each column once");
      }
    }
  }

  /** The override of the column named {@code name} (exact name), if any. */
  public Optional<ColumnOverride> of(String name) {
    return columns.stream().filter(c -> c.column().equals(name)).findFirst();
  }

  /** Whether no column is overridden. */
  public boolean none() {
    return columns.isEmpty();
  }
}

package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.TableRef;
import java.util.Objects;

/**
 * A table the session's user may read, as the catalog describes it without reading rows.
 *
 * @param table schema and name
 * @param estimatedRows the source's row estimate, or -1 when it has none
 * @param bytes the table's size on disk (indexes excluded), or -1 when unknown
 */
public record TableSummary(TableRef table, long estimatedRows, long bytes) {
  public TableSummary {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(table.schema(), "table.schema");
  }
}

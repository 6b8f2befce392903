package dev.rivet.planner.lineage;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.SourceColumn;
import java.util.List;

/**
 * Checks an export's lineage columns against the source's columns at plan time, before any row is
 * read: a source column may not share a lineage column's name, and the row hash may cover only
 * columns the source has.
 */
public final class MetaColumnCheck {
  private static final int SHOWN_COLUMNS = 20;

  private MetaColumnCheck() {}

  /**
   * @throws RivetException of kind {@code USER_CONFIG} naming the export and the column
   */
  public static void check(ExportSpec export, List<SourceColumn> columns) {
    MetaColumns meta = export.metaColumns();
    List<String> collisions = meta.collisions(columns);
    if (!collisions.isEmpty()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': source column '"
              + collisions.get(0)
              + "' has the name of a lineage column that meta_columns adds ("
              + String.join(", ", meta.names())
              + "; names are compared ignoring case)",
          "rename the column in a query export (SELECT "
              + collisions.get(0)
              + " AS "
              + collisions.get(0).substring(1)
              + " ...), or turn that lineage column off in meta_columns");
    }
    List<String> missing = meta.missingHashColumns(columns);
    if (!missing.isEmpty()) {
      List<String> names = columns.stream().map(SourceColumn::name).toList();
      String shown =
          names.size() <= SHOWN_COLUMNS
              ? String.join(", ", names)
              : String.join(", ", names.subList(0, SHOWN_COLUMNS)) + ", ...";
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + export.name()
              + "': meta_columns.row_hash lists column '"
              + missing.get(0)
              + "', which "
              + export.relation().describe()
              + " does not have (its columns: "
              + shown
              + ")",
          "list only columns of the export (names match exactly, case included), or write"
              + " row_hash: true to hash every column");
    }
  }
}

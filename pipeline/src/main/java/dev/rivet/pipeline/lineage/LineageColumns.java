package dev.rivet.pipeline.lineage;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The lineage columns of one file: their types, appended after the source's columns, and their
 * values for each row. {@code _rivet_exported_at} is the plan's creation time (to the microsecond)
 * and {@code _rivet_run_id} the run id, both fixed by the stored plan, so every chunk, a resumed
 * run and a {@code --worker} write the same values; {@code _rivet_row_hash} is the {@link RowHash}
 * of the row's source values. One per writer; not thread-safe.
 */
public final class LineageColumns {
  /** The source type name lineage columns carry (Parquet metadata, the manifest). */
  public static final String SOURCE_TYPE = "rivet lineage";

  private final List<ColumnType> outputTypes;
  private final int sourceWidth;
  private final Object[] constants;
  private final RowHash rowHash;

  private LineageColumns(
      List<ColumnType> outputTypes, int sourceWidth, Object[] constants, RowHash rowHash) {
    this.outputTypes = List.copyOf(outputTypes);
    this.sourceWidth = sourceWidth;
    this.constants = constants;
    this.rowHash = rowHash;
  }

  /**
   * The lineage columns {@code plan}'s export asks for, after {@code sourceTypes}.
   *
   * @throws IllegalArgumentException when a row-hash column is not among {@code sourceTypes}
   *     (planning refuses such exports first)
   */
  public static LineageColumns of(ExportPlan plan, List<ColumnType> sourceTypes) {
    MetaColumns meta = plan.export().metaColumns();
    List<ColumnType> types = new ArrayList<>(sourceTypes);
    List<Object> constants = new ArrayList<>();
    if (meta.exportedAt()) {
      types.add(lineageType(plan, MetaColumns.EXPORTED_AT, LogicalKind.TIMESTAMPTZ));
      constants.add(exportedAt(plan));
    }
    if (meta.runId()) {
      types.add(lineageType(plan, MetaColumns.RUN_ID, LogicalKind.STRING));
      constants.add(plan.runId());
    }
    RowHash hash = null;
    if (meta.rowHash()) {
      types.add(lineageType(plan, MetaColumns.ROW_HASH, LogicalKind.INT64));
      hash = new RowHash(sourceTypes, positions(plan, meta, sourceTypes));
    }
    return new LineageColumns(types, sourceTypes.size(), constants.toArray(), hash);
  }

  /** The value of {@code _rivet_exported_at} for every row of {@code plan}'s run. */
  public static Instant exportedAt(ExportPlan plan) {
    return plan.createdAt().truncatedTo(ChronoUnit.MICROS);
  }

  /** Whether {@code type} is a lineage column rather than a source column. */
  public static boolean isLineage(ColumnType type) {
    return SOURCE_TYPE.equals(type.sourceType());
  }

  /** The source columns followed by the lineage columns: what the file holds. */
  public List<ColumnType> outputTypes() {
    return outputTypes;
  }

  /** Columns per row in the file. */
  public int width() {
    return outputTypes.size();
  }

  /**
   * Sets the lineage values of {@code row}, whose first source-width values are the source row's.
   */
  public void fill(Object[] row) {
    int at = sourceWidth;
    for (Object constant : constants) {
      row[at++] = constant;
    }
    if (rowHash != null) {
      row[at] = rowHash.hash(row);
    }
  }

  private static ColumnType lineageType(ExportPlan plan, String name, LogicalKind kind) {
    return ColumnType.scalar(name, SOURCE_TYPE, plan.source(), kind, false);
  }

  private static int[] positions(ExportPlan plan, MetaColumns meta, List<ColumnType> sourceTypes) {
    if (meta.rowHashColumns().isEmpty()) {
      int[] all = new int[sourceTypes.size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    List<String> names = sourceTypes.stream().map(ColumnType::name).toList();
    int[] positions = new int[meta.rowHashColumns().size()];
    for (int i = 0; i < positions.length; i++) {
      String column = meta.rowHashColumns().get(i);
      positions[i] = names.indexOf(column);
      if (positions[i] < 0) {
        throw new IllegalArgumentException(
            "export '"
                + plan.export().name()
                + "': meta_columns.row_hash lists column '"
                + column
                + "', which the plan's columns do not include");
      }
    }
    return positions;
  }
}

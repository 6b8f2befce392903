package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.pipeline.finalize.Manifest.ManifestMetaColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest's {@code meta_columns}: which lineage columns a run's files carry, in file order.
 */
final class LineageManifest {
  private LineageManifest() {}

  static List<ManifestMetaColumn> of(ExportPlan plan) {
    MetaColumns meta = plan.export().metaColumns();
    List<ManifestMetaColumn> columns = new ArrayList<>();
    if (meta.exportedAt()) {
      columns.add(new ManifestMetaColumn(MetaColumns.EXPORTED_AT, "TIMESTAMPTZ", null));
    }
    if (meta.runId()) {
      columns.add(new ManifestMetaColumn(MetaColumns.RUN_ID, "STRING", null));
    }
    if (meta.rowHash()) {
      List<String> hashed =
          meta.rowHashColumns().isEmpty()
              ? plan.columns().stream().map(SourceColumn::name).toList()
              : meta.rowHashColumns();
      columns.add(new ManifestMetaColumn(MetaColumns.ROW_HASH, "INT64", hashed));
    }
    return List.copyOf(columns);
  }
}

package dev.rivet.launcher.drift;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.kernel.schema.SchemaClassifier;
import dev.rivet.pipeline.finalize.OutputTypeNames;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Whether the source still has the columns a stored plan was made with, checked before a run is
 * resumed or a worker joins it: one catalog query ({@code SELECT * … WHERE 1 = 0}, on MySQL the
 * table's columns by name), no data row. A run never publishes files of two schemas, so a run whose
 * schema changed is not continued.
 */
public final class PlannedSchema {
  private PlannedSchema() {}

  /** Every change from the plan's columns to the source's columns now; empty when unchanged. */
  public static List<SchemaChange> changesSincePlanned(SourceConnection source, ExportPlan plan) {
    List<SourceColumn> now = liveColumns(source, plan);
    ExportSchema live = ExportSchema.of(now, OutputTypeNames.of(now, plan));
    return SchemaClassifier.compare(OutputTypeNames.schema(plan), live);
  }

  /**
   * The failure of a run that cannot go on because its source schema changed.
   *
   * @param nextStep what the user does now
   */
  public static RivetException stale(ExportPlan plan, List<SchemaChange> changes, String nextStep) {
    return new RivetException(
        FailureKind.SCHEMA_DRIFT,
        "run "
            + plan.runId()
            + " of export '"
            + plan.export().name()
            + "' was planned under another source schema ("
            + SchemaGate.joined(changes)
            + "); one run never publishes files of two schemas, so it is not continued",
        nextStep);
  }

  /** The reason stored with a run given up because its source schema changed. */
  public static String abandonReason(List<SchemaChange> changes) {
    return "abandoned: the source schema changed since the run was planned: "
        + SchemaGate.joined(changes);
  }

  private static List<SourceColumn> liveColumns(SourceConnection source, ExportPlan plan) {
    Dialect dialect = Dialect.of(plan.source());
    try (Connection connection = SourceConnector.open(source)) {
      connection.setReadOnly(true);
      return dialect.catalog(connection).columns(plan.export().relation());
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "export '" + plan.export().name() + "': reading the source's columns failed");
    }
  }
}

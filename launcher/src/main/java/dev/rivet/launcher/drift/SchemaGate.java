package dev.rivet.launcher.drift;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.kernel.schema.SchemaClassifier;
import dev.rivet.pipeline.finalize.OutputTypeNames;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaStatus;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The schema drift check a new plan passes before any row is read: its columns are compared with
 * the export's accepted schema ({@link SchemaBaseline}) and {@code on_schema_drift} decides. Reads
 * state only; the source was already read by planning.
 */
public final class SchemaGate {
  private SchemaGate() {}

  /**
   * Compares the new plan with the accepted schema and applies its export's policy: records the
   * plan's schema when it is the export's first or a changed one (warn, continue), printing each
   * change to {@code err} under warn; or, under fail, records the schema as rejected, abandons the
   * stored run and throws.
   *
   * @throws RivetException of kind {@link FailureKind#SCHEMA_DRIFT} when the schema changed and the
   *     export says {@code on_schema_drift: fail}
   */
  public static DriftReport admit(ExportPlan plan, StateStore store, PrintWriter err) {
    String export = plan.export().name();
    ExportSchema schema = OutputTypeNames.schema(plan);
    List<SchemaRecord> history = store.schemaHistory(export);
    Optional<SchemaRecord> baseline = SchemaBaseline.of(store, history);
    DriftReport report = compare(plan, schema, baseline);
    SchemaDriftPolicy policy = plan.export().onSchemaDrift();
    if (report.changed() && policy == SchemaDriftPolicy.FAIL) {
      SchemaRecord newest = history.get(history.size() - 1);
      if (newest.status() != SchemaStatus.REJECTED
          || !newest.fingerprint().equals(schema.fingerprint())) {
        store.recordSchema(export, plan.runId(), SchemaStatus.REJECTED, schema);
      }
      String changes = joined(report.changes());
      store.runAbandoned(
          plan.runId(), "refused: the source schema changed (on_schema_drift: fail): " + changes);
      throw new RivetException(
          FailureKind.SCHEMA_DRIFT,
          "export '"
              + export
              + "': the source schema changed since the accepted schema (version "
              + baseline.get().version()
              + ") and the export says on_schema_drift: fail, so run "
              + plan.runId()
              + " read no row and wrote no file: "
              + changes,
          "if the change is intended, accept it with 'rivet state schema --accept "
              + export
              + " -c <config>' and run again; 'rivet state schema "
              + export
              + " -c <config>' shows the history");
    }
    if (baseline.isEmpty() || report.changed()) {
      store.recordSchema(export, plan.runId(), SchemaStatus.RECORDED, schema);
    }
    if (report.changed() && policy == SchemaDriftPolicy.WARN) {
      err.printf(
          "export %s: the source schema changed since the accepted schema (version %d); run %s"
              + " goes on (on_schema_drift: warn) and records the new schema:%n",
          export, baseline.get().version(), plan.runId());
      report.changes().forEach(c -> err.printf("  %s%n", ChangeText.describe(c)));
      err.flush();
    }
    return report;
  }

  /**
   * What {@link #admit} would report for {@code plan} now, without recording or refusing anything:
   * for a stored plan that is resumed or run again.
   */
  public static DriftReport inspect(ExportPlan plan, StateStore store) {
    return compare(
        plan,
        OutputTypeNames.schema(plan),
        SchemaBaseline.of(store, plan.export().name())
            .filter(b -> !plan.runId().equals(b.runId())));
  }

  private static DriftReport compare(
      ExportPlan plan, ExportSchema schema, Optional<SchemaRecord> baseline) {
    List<SchemaChange> changes =
        baseline.map(b -> SchemaClassifier.compare(b.schema(), schema)).orElse(List.of());
    return new DriftReport(
        plan.export().name(),
        plan.runId(),
        plan.export().onSchemaDrift(),
        schema.fingerprint(),
        baseline.map(SchemaRecord::fingerprint).orElse(null),
        changes);
  }

  static String joined(List<SchemaChange> changes) {
    return changes.stream().map(ChangeText::describe).collect(Collectors.joining("; "));
  }
}

package dev.rivet.launcher.command;

import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.SourceConnection;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;

/** Finds a stored plan that {@code rivet run --plan} may execute, or says why it may not. */
final class StoredPlans {
  private StoredPlans() {}

  static ExportPlan runnable(
      StateStore store, String runId, String exportFilter, SourceConnection source) {
    RunRecord run =
        store
            .run(runId)
            .orElseThrow(
                () ->
                    new RivetException(
                        FailureKind.USER_CONFIG,
                        "no stored plan with run id '" + runId + "'",
                        "list plans with 'rivet state runs'; create one with 'rivet plan'"));
    if (run.status() != RunStatus.PLANNED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '" + runId + "' has status " + run.status() + "; only a PLANNED run can be run",
          "plan again with 'rivet plan' (or 'rivet run' without --plan)");
    }
    ExportPlan plan =
        store
            .findPlan(runId)
            .orElseThrow(
                () ->
                    new RivetException(
                        FailureKind.STATE,
                        "run '" + runId + "' has no stored plan",
                        "plan again with 'rivet plan'"));
    if (exportFilter != null && !exportFilter.equals(plan.export().name())) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "plan '"
              + runId
              + "' is for export '"
              + plan.export().name()
              + "', not '"
              + exportFilter
              + "'",
          "drop --export, or pass the run id of a plan of '" + exportFilter + "'");
    }
    String configured = Dialect.forUrl(source.jdbcUrl()).name();
    if (!configured.equals(plan.dialect())) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "plan '"
              + runId
              + "' was made for a "
              + plan.dialect()
              + " source, but the config's"
              + " source is "
              + configured,
          "run it with the config it was planned with");
    }
    return plan;
  }
}

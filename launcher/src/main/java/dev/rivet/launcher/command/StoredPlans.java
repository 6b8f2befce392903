package dev.rivet.launcher.command;

import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.planner.model.ExportSpec;
import dev.rivet.planner.model.SourceConnection;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.util.ArrayList;
import java.util.List;

/** Finds a stored plan that {@code rivet run --plan} may execute, or says why it may not. */
final class StoredPlans {
  private StoredPlans() {}

  /**
   * The plans {@code rivet run --resume} finishes: the run given by id, or for each export the
   * newest run, which must be unfinished (RUNNING after a crash, or FAILED).
   */
  static List<ExportPlan> resumable(
      StateStore store, String runId, List<ExportSpec> exports, RivetConfig config) {
    List<ExportPlan> plans = new ArrayList<>();
    if (runId != null) {
      plans.add(unfinished(store, runId, config.source()));
      return plans;
    }
    for (ExportSpec export : exports) {
      List<RunRecord> newest = store.runs(export.name(), 1);
      if (newest.isEmpty()) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "export '" + export.name() + "' has no run to resume",
            "run it without --resume");
      }
      plans.add(unfinished(store, newest.get(0).runId(), config.source()));
    }
    return plans;
  }

  private static ExportPlan unfinished(StateStore store, String runId, SourceConnection source) {
    RunRecord run = find(store, runId);
    if (run.status() == RunStatus.SUCCEEDED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '"
              + runId
              + "' of export '"
              + run.export()
              + "' already succeeded; nothing to resume",
          "run the export without --resume to extract it again (a new run)");
    }
    return checkedPlan(store, runId, null, source);
  }

  private static RunRecord find(StateStore store, String runId) {
    return store
        .run(runId)
        .orElseThrow(
            () ->
                new RivetException(
                    FailureKind.USER_CONFIG,
                    "no stored plan with run id '" + runId + "'",
                    "list plans with 'rivet state runs'; create one with 'rivet plan'"));
  }

  static ExportPlan runnable(
      StateStore store, String runId, String exportFilter, SourceConnection source) {
    RunRecord run = find(store, runId);
    if (run.status() != RunStatus.PLANNED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '" + runId + "' has status " + run.status() + "; only a PLANNED run can be run",
          run.status() == RunStatus.SUCCEEDED
              ? "plan again with 'rivet plan' (or 'rivet run' without --plan)"
              : "finish it with 'rivet run --resume --plan " + runId + "', or plan again");
    }
    return checkedPlan(store, runId, exportFilter, source);
  }

  private static ExportPlan checkedPlan(
      StateStore store, String runId, String exportFilter, SourceConnection source) {
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

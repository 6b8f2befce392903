package dev.rivet.launcher.audit;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.util.List;
import java.util.Objects;

/**
 * The published run an audit looks at, with its stored plan. Only a {@link RunStatus#SUCCEEDED} run
 * qualifies: it is the only kind with a published set of files to check.
 */
public record AuditTarget(RunRecord run, ExportPlan plan) {
  public AuditTarget {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(plan, "plan");
  }

  /**
   * The run {@code runId} when given, else the newest succeeded run of {@code export}, else of any
   * of {@code configExports}: a state store shared by several configs holds other configs' runs,
   * which are never "the newest" of this one.
   *
   * @param configExports the names of the config's exports
   * @throws RivetException of kind {@code USER_CONFIG} when there is no such run or it did not
   *     succeed; of kind {@code STATE} when its plan is missing
   */
  public static AuditTarget select(
      StateStore store, String runId, String export, List<String> configExports) {
    RunRecord run =
        runId != null
            ? named(store, runId, export)
            : newestSucceeded(store, export == null ? configExports : List.of(export), export);
    ExportPlan plan =
        store
            .findPlan(run.runId())
            .orElseThrow(
                () ->
                    new RivetException(
                        FailureKind.STATE,
                        "run '" + run.runId() + "' has no stored plan",
                        "the state store is incomplete; run the export again"));
    return new AuditTarget(run, plan);
  }

  /** The run {@code runId}, which must have succeeded. */
  public static AuditTarget of(StateStore store, String runId) {
    return select(store, runId, null, List.of());
  }

  private static RunRecord named(StateStore store, String runId, String export) {
    RunRecord run =
        store
            .run(runId)
            .orElseThrow(
                () ->
                    new RivetException(
                        FailureKind.USER_CONFIG,
                        "no run with id '" + runId + "' in the state store",
                        "list runs with 'rivet state runs'"));
    if (export != null && !export.equals(run.export())) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '" + runId + "' is of export '" + run.export() + "', not '" + export + "'",
          "drop --export, or pass a run id of '" + export + "'");
    }
    if (run.status() != RunStatus.SUCCEEDED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '"
              + runId
              + "' has status "
              + run.status()
              + "; only a SUCCEEDED run has published files to check",
          "list runs with 'rivet state runs'; omit --run to check the newest succeeded run");
    }
    return run;
  }

  private static RunRecord newestSucceeded(StateStore store, List<String> exports, String export) {
    return store.runsOf(exports, Integer.MAX_VALUE).stream()
        .filter(r -> r.status() == RunStatus.SUCCEEDED)
        .findFirst()
        .orElseThrow(
            () ->
                new RivetException(
                    FailureKind.USER_CONFIG,
                    "the state store has no succeeded run of "
                        + (export == null
                            ? "this config's exports (" + String.join(", ", exports) + ")"
                            : "export '" + export + "'"),
                    "run the export with 'rivet run' first; a run of another config's export is"
                        + " checked only when named with --run"));
  }
}

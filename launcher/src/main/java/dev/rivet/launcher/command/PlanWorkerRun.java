package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.progress.ProgressSettings;
import dev.rivet.launcher.run.PlanWorker;
import dev.rivet.launcher.shape.ShapeCheck;
import dev.rivet.launcher.shape.ShapeDriftItem;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;

/**
 * {@code rivet run --plan ID --worker}: this process works on the stored plan beside other workers
 * on it, then prints what it did. Takes no export lease: workers share the run on purpose.
 */
final class PlanWorkerRun {
  private PlanWorkerRun() {}

  static int run(
      ConfigOption config,
      String planId,
      String workerId,
      ProgressSettings progress,
      PrintWriter out) {
    if (planId == null) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "--worker needs --plan RUN_ID: workers share one stored plan",
          "plan with 'rivet plan', then start each worker with 'rivet run --plan RUN_ID --worker'");
    }
    RivetConfig cfg = config.config();
    String worker = workerId == null ? PlanWorker.thisProcess() : workerId;
    try (StateStore store = config.openState()) {
      RunRecord run =
          store
              .run(planId)
              .orElseThrow(
                  () ->
                      new RivetException(
                          FailureKind.USER_CONFIG,
                          "no run '" + planId + "' in state",
                          "list runs with 'rivet state runs'"));
      // A FAILED run is left to the worker, which exits with the kind that failed it.
      if (run.status() != RunStatus.PLANNED
          && run.status() != RunStatus.RUNNING
          && run.status() != RunStatus.FAILED) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "run '"
                + planId
                + "' has status "
                + run.status()
                + "; workers join only a PLANNED"
                + " or RUNNING run",
            "plan again with 'rivet plan'");
      }
      ExportPlan plan =
          store
              .findPlan(planId)
              .orElseThrow(
                  () ->
                      new RivetException(
                          FailureKind.STATE,
                          "run '" + planId + "' has no stored plan",
                          "plan again with 'rivet plan'"));
      if (plan.export().consistency() == Consistency.SNAPSHOT) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "export '"
                + plan.export().name()
                + "' run '"
                + planId
                + "' reads one snapshot (consistency: snapshot), which only the process that holds"
                + " it can share; workers in other processes cannot read it",
            "run it in one process with 'rivet run --plan "
                + planId
                + "' (parallelism applies there), or remove consistency: snapshot from the"
                + " export and plan again");
      }
      PlanWorker.Summary summary =
          new PlanWorker(store, config.stateLocation(), cfg.storage(), worker, progress)
              .work(cfg.source(), plan);
      out.printf(
          "worker %s: run %s: %d chunk(s) written%s%n",
          summary.worker(),
          summary.runId(),
          summary.chunksWritten().size(),
          summary.finalized() ? "; published the run" : "");
      if (summary.finalized()) {
        // The worker that published the run reports its shape, as a plain run's summary does.
        RunRecord published = store.run(planId).orElse(run);
        for (ShapeDriftItem drift : ShapeCheck.of(store, plan, published)) {
          out.printf("  shape drift: %s%n", drift.message());
        }
      }
      out.flush();
    }
    return ExitStatus.SUCCESS.code();
  }
}
